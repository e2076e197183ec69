// The responder feature's public entry: what other features and the composition root use of it.
export type { ChatModel } from "./model";
export { modelFor } from "./models/model-for";
export type { AiBinding } from "./models/workers-ai-model";
export type { ReplyProgress } from "./reply-drafts";
export { ResponderService } from "./responder-service";
export { RoomReplies } from "./room-replies";
