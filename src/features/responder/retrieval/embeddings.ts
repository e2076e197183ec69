import type { Article, ArticleChange } from "../../kb";
import type { AiBinding } from "../models/workers-ai-model";

/** The part of a Vectorize index binding (`[[vectorize]] binding = "VECTORS"`) the retrieval uses. */
export interface VectorIndex {
  upsert(
    vectors: { id: string; values: number[]; metadata?: Record<string, string> }[],
  ): Promise<unknown>;
  query(
    vector: number[],
    options: { topK: number; returnMetadata?: "all" | "indexed" | "none" },
  ): Promise<{ matches: { id: string; score: number }[] }>;
  deleteByIds(ids: string[]): Promise<unknown>;
}

/** Text to vectors with a Workers AI embedding model (bge-m3: multilingual, 1024 dimensions). */
export function embedder(ai: AiBinding, model: string) {
  return async (texts: string[]): Promise<number[][]> => {
    const result = (await ai.run(model, { text: texts })) as { data?: number[][] } | null;
    if (!result?.data || result.data.length !== texts.length) {
      throw new Error(`${model} answered no embedding`);
    }
    return result.data;
  };
}

export type Embed = ReturnType<typeof embedder>;

/** What an article is embedded as: what customers would ask (title, phrasings) and what it says. */
const textOf = (article: Article) =>
  [article.title, ...article.phrasings, article.body].join("\n").slice(0, 8_000);

/**
 * Keeps the index in step with the knowledge base: a published article saved is embedded and
 * upserted (its id is the vector's), an unpublished or removed one deleted.
 */
export function vectorSync(embed: Embed, index: VectorIndex) {
  return async (change: ArticleChange): Promise<void> => {
    if (change.kind === "removed" || !change.article.published) {
      await index.deleteByIds([change.kind === "removed" ? change.id : change.article.id]);
      return;
    }
    const { article } = change;
    const [values] = await embed([textOf(article)]);
    if (!values) return;
    await index.upsert([{ id: article.id, values, metadata: { locale: article.locale } }]);
  };
}
