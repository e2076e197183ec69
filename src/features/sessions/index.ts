// The sessions feature's public entry: what other features and the composition root use of it.
export { ChatService, type CustomerTokenIssuer } from "./chat-service";
export { sessionRoutes } from "./routes";
