// The kb feature's public entry: what other features and the composition root use of it.
export { type ArticleHit, KnowledgeRepository } from "./kb-repository";
export { KnowledgeService } from "./knowledge-service";
export { kbRoutes } from "./routes";
