// The labels feature's public entry: what other features and the composition root use of it.
export { type Label, type LabelRef, LabelRepository } from "./label-repository";
export { LabelService } from "./label-service";
export { labelRoutes } from "./routes";
export { LabelRefSchema, presentLabelRef } from "./schemas";
export { labels, sessionLabels } from "./tables";
