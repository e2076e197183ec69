// The files feature's public entry: what other features and the composition root use of it.
export { type Attachment, AttachmentRepository } from "./attachment-repository";
export { AttachmentService, type FileLinks } from "./attachment-service";
export { type FileStore, r2Files } from "./file-store";
export { fileRoutes, isUpload } from "./routes";
