import type { KnowledgeService } from "../../kb";
import type { Retrieval } from "./retrieval";

/** Full-text retrieval (FTS5 over titles, phrasings, tags and bodies; synonyms), ranked by coverage. */
export function lexicalRetrieval(knowledge: Pick<KnowledgeService, "rank">): Retrieval {
  return {
    async retrieve({ text, language, limit }) {
      const ranked = await knowledge.rank(text, language, limit);
      return ranked.map((hit) => ({ ...hit, confidence: hit.coverage }));
    },
  };
}
