import type { RetrievalSettings } from "../../../platform/config/ai";
import { ConfigError } from "../../../platform/errors";
import type { ArticleChange, KnowledgeService } from "../../kb";
import type { AiBinding } from "../models/workers-ai-model";
import { embedder, type VectorIndex, vectorSync } from "./embeddings";
import { hybridRetrieval } from "./hybrid-retrieval";
import { lexicalRetrieval } from "./lexical-retrieval";
import type { Retrieval } from "./retrieval";

/**
 * The retrieval the configuration chooses, and what keeps its index in step with the articles
 * (hybrid: their vectors in Vectorize; lexical: nothing, the FTS5 index follows by triggers).
 */
export function retrievalFor(
  rules: RetrievalSettings,
  bindings: { ai?: AiBinding; vectors?: VectorIndex },
): {
  retrieval: (knowledge: Pick<KnowledgeService, "rank" | "published">) => Retrieval;
  sync: ((change: ArticleChange) => Promise<void>) | null;
} {
  if (rules.kind === "lexical") return { retrieval: lexicalRetrieval, sync: null };
  const { ai, vectors } = bindings;
  if (!ai || !vectors) {
    throw new ConfigError([
      { path: "AI_RETRIEVAL", message: "hybrid needs the AI and VECTORS bindings" },
    ]);
  }
  const embed = embedder(ai, rules.embeddingModel);
  return {
    retrieval: (knowledge) => hybridRetrieval({ knowledge, embed, index: vectors, rules }),
    sync: vectorSync(embed, vectors),
  };
}
