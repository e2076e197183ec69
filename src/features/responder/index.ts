// The responder feature's public entry: what other features and the composition root use of it.
export { askModel, describeFailure } from "./ask-model";
export { type ChatModel, type ModelRequest, transcriptOf } from "./model";
export type { ModelAnswer } from "./model-answer";
export { modelFor } from "./models/model-for";
export type { AiBinding } from "./models/workers-ai-model";
export { handoffNotice } from "./notices";
export { promptOf, revealsPrompt } from "./prompt";
export type { ReplyProgress } from "./reply-drafts";
export { ResponderService } from "./responder-service";
export type { VectorIndex } from "./retrieval/embeddings";
export { retrievalFor } from "./retrieval/retrieval-for";
export { RoomReplies } from "./room-replies";
