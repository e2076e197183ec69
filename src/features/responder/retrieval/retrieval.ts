import type { RankedArticle } from "../../kb";

/** A question to find articles for, in the customer's language (its base: de, not de-AT) if known. */
export interface RetrievalQuery {
  text: string;
  /** Only articles in this language; null: any. */
  language: string | null;
  limit: number;
}

/** An article found, with how sure retrieval is that it answers the question (0..1). */
export interface Retrieved extends RankedArticle {
  /** Lexical: its coverage; hybrid: the better of its coverage and its embedding similarity. */
  confidence: number;
}

/**
 * The retrieval port: the published articles for a question, best first. `lexical` (full text,
 * offline, the default) or `hybrid` (full text fused with embeddings; production).
 */
export interface Retrieval {
  retrieve(query: RetrievalQuery): Promise<Retrieved[]>;
}
