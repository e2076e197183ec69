// The archive feature's public entry: what other features and the composition root use of it.
export { ArchiveRepository } from "./archive-repository";
export { ArchiveService, type ArchiveStore, type Transcript } from "./archive-service";
export { r2Archive } from "./archive-store";
