// The files feature's public entry: what other features and the composition root use of it.
export { type Attachment, AttachmentRepository } from "./attachment-repository";
export { AttachmentService } from "./attachment-service";
export type { FileLinks } from "./file-links";
export { type FileStore, r2Files } from "./file-store";
export { fileRoutes, isUpload } from "./routes";
