// The sessions feature's public entry: what other features and the composition root use of it.
export { ChatService } from "./chat-service";
export { sessionRoutes } from "./routes";
