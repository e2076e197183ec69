// The drafts feature's public entry: what other features and the composition root use of it.
export { DraftService } from "./draft-service";
export { draftRoutes } from "./routes";
