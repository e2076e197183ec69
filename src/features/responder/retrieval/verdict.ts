import type { RetrievalSettings } from "../../../platform/config/ai";
import type { Retrieved } from "./retrieval";

/** What retrieval found is good for: answering from one article, offering a few, or nothing. */
export type Verdict =
  | { kind: "answer"; best: Retrieved; others: Retrieved[] }
  | { kind: "suggest"; articles: Retrieved[] }
  | { kind: "none" };

/** How many articles "Did one of these help?" offers at most. */
const SUGGESTIONS = 3;
/** How much less than `minCoverage` an article twice `minMargin` ahead of the next may cover. */
const CLEAR_LEAD_ALLOWANCE = 0.2;

/**
 * Answers only from an article that covers the question well (`minCoverage`) and stands clearly
 * ahead of the next (`minMargin`, in relevance), or covers it fairly (a fifth of the question less)
 * and stands twice as far ahead: the one article about it, whose question holds a word no article
 * uses (a town, a brand); when a few are plausible but none stands out,
 * offers them; else nothing. Shares of the question, never raw scores: the same rule for one
 * article or ten thousand. `found` is best first (by relevance).
 */
export function verdictOf(found: Retrieved[], rules: RetrievalSettings): Verdict {
  const [best, next] = found;
  if (!best) return { kind: "none" };
  const lead = best.relevance - (next?.relevance ?? 0);
  const clearlyBest =
    best.confidence >= rules.minCoverage - CLEAR_LEAD_ALLOWANCE && lead >= 2 * rules.minMargin;
  if ((best.confidence >= rules.minCoverage && lead >= rules.minMargin) || clearlyBest) {
    return { kind: "answer", best, others: found.slice(1) };
  }
  if (best.confidence < rules.suggestCoverage) return { kind: "none" };
  // Plausible: as sure as the best, within the margin (relevance's tie-breakers aside).
  const plausible = found
    .filter(
      (hit) =>
        hit.confidence >= rules.suggestCoverage &&
        hit.confidence >= best.confidence - rules.minMargin,
    )
    .slice(0, SUGGESTIONS);
  return plausible.length >= 2 ? { kind: "suggest", articles: plausible } : { kind: "none" };
}
