// The live feature's public entry: what other features and the composition root use of it.
export { LiveAccessService } from "./live-access-service";
export {
  labelDefinitionPublisher,
  labelPublisher,
  queuePublisher,
  renamePublisher,
  roomPublisher,
} from "./publishers";
export { liveRoutes } from "./routes";
