// The saved replies feature's public entry: what other features and the composition root use of it.
export { ReplyRepository, type SavedReply } from "./reply-repository";
export { ReplyService } from "./reply-service";
export { replyRoutes } from "./routes";
export { presentReply, SavedReplySchema } from "./schemas";
export { sessionWorkedOn } from "./session-access";
