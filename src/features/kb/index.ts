// The kb feature's public entry: what other features and the composition root use of it.

export type { Article } from "./kb-repository";
export { type ArticleHit, KnowledgeRepository } from "./kb-repository";
export {
  type ArticleChange,
  KnowledgeService,
  type RankedArticle,
} from "./knowledge-service";
export { kbRoutes } from "./routes";
export { questionTerms } from "./stop-words";
export { SynonymRepository } from "./synonym-repository";
export { ArticleTermIndex } from "./term-index";
