import type { RetrievalSettings } from "../../../platform/config/ai";
import type { KnowledgeService, RankedArticle } from "../../kb";
import type { Embed, VectorIndex } from "./embeddings";
import type { Retrieval, Retrieved } from "./retrieval";

/** Reciprocal rank fusion's constant: how little a rank far down a list still counts (the usual 60). */
const RRF_K = 60;
/** How much the fused rank adds to confidence in the relevance the margin is measured on. */
const FUSED_SHARE = 0.2;

/** How long a question's vector matches are reused: the responder asks again in another language. */
const MATCHES_KEPT_MS = 10_000;
const MATCHES_KEPT = 32;

type Matches = { id: string; score: number }[];

/**
 * `find` remembered for the last few questions (by text and count) for a few seconds: a question
 * tried in the customer's language and then in any is embedded and looked up once. A failed
 * lookup is not kept.
 */
function recently(find: (text: string, topK: number) => Promise<Matches>) {
  const kept = new Map<string, { at: number; matches: Promise<Matches> }>();
  return (text: string, topK: number): Promise<Matches> => {
    const key = `${topK} ${text}`;
    const now = Date.now();
    const hit = kept.get(key);
    if (hit && now - hit.at < MATCHES_KEPT_MS) return hit.matches;
    const matches = find(text, topK);
    kept.delete(key);
    kept.set(key, { at: now, matches });
    if (kept.size > MATCHES_KEPT) kept.delete(kept.keys().next().value as string);
    matches.catch(() => kept.get(key)?.matches === matches && kept.delete(key));
    return matches;
  };
}

/** Whether an article is in `language` (its base: de covers de-AT), or any language when null. */
const inLanguage = (locale: string, language: string | null) =>
  language === null || locale === language || locale.startsWith(`${language}-`);

/**
 * Full text fused with embeddings: both rankings of the question, merged by reciprocal rank fusion
 * (each article scores the sum of 1/(60 + its rank) in each list), so an article either finds well
 * comes first, and one only the embeddings find (other words, another language) is found at all.
 * An article's confidence is the better of its coverage and its similarity, scaled so that
 * `minSimilarity` counts as much as `minCoverage`.
 */
export function hybridRetrieval(deps: {
  knowledge: Pick<KnowledgeService, "rank" | "published">;
  embed: Embed;
  index: VectorIndex;
  rules: RetrievalSettings;
}): Retrieval {
  const { knowledge, embed, index, rules } = deps;
  const vectorMatches = recently(async (text, topK) => {
    const [vector] = await embed([text]);
    return vector ? (await index.query(vector, { topK })).matches : [];
  });
  return {
    async retrieve({ text, language, limit }) {
      const [lexical, matches] = await Promise.all([
        knowledge.rank(text, language, limit),
        vectorMatches(text, limit * 2),
      ]);
      const similarity = new Map(matches.map((m) => [m.id, m.score]));
      const known = new Map<string, RankedArticle>(lexical.map((hit) => [hit.article.id, hit]));
      const missing = matches.map((m) => m.id).filter((id) => !known.has(id));
      for (const hit of await knowledge.published(missing)) known.set(hit.article.id, hit);
      const semantic = matches.filter((m) => {
        const hit = known.get(m.id);
        return hit && inLanguage(hit.article.locale, language);
      });
      const fused = new Map<string, number>();
      const add = (ids: string[]) => {
        ids.forEach((id, rank) => {
          fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + rank + 1));
        });
      };
      add(lexical.map((hit) => hit.article.id));
      add(semantic.map((m) => m.id));
      const scale = rules.minCoverage / rules.minSimilarity;
      const ranked = [...fused].sort((a, b) => b[1] - a[1]).slice(0, limit);
      const top = ranked[0]?.[1] ?? 1;
      return ranked
        .flatMap(([id, score]): Retrieved[] => {
          const hit = known.get(id);
          if (!hit) return [];
          const confidence = Math.max(hit.coverage, Math.min(1, (similarity.get(id) ?? 0) * scale));
          // In fused order: a fifth of the fused score (relative to the best) over the confidence.
          return [{ ...hit, confidence, relevance: confidence + (FUSED_SHARE * score) / top }];
        })
        .sort((a, b) => b.relevance - a.relevance);
    },
  };
}
