// The responder feature's public entry: what other features and the composition root use of it.
export type { ChatModel } from "./model";
export { articleModel } from "./models/article-model";
export { openAiModel } from "./models/openai-model";
export { type AiBinding, workersAiModel } from "./models/workers-ai-model";
export { ResponderService } from "./responder-service";
export { RoomReplies } from "./room-replies";
