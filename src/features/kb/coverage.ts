import type { Synonym } from "./synonym-repository";
import type { TermMatches } from "./term-index";

/** An article as relevant to a question as the share of the question's words it holds. */
export interface Covered {
  id: string;
  /** 0..1: the weighted share of the question's words (or their synonyms) the article holds. */
  coverage: number;
}

/** What a word found only in an article's body counts for, against one in its title, tags or phrasings. */
const BODY_ONLY = 0.75;
/** How much bm25 (relative to the best article's) adds to coverage in the ranking: it breaks ties. */
const BM25_SHARE = 0.2;

/** A word's key for comparing with the synonym list: lower case, a plural's s dropped. */
const keyOf = (word: string) => (word.length > 3 && word.endsWith("s") ? word.slice(0, -1) : word);

/**
 * Each word of a question with the words the desk counts as the same (the synonym entry holding it,
 * as the term or as one of its synonyms), the word first.
 */
export function expandTerms(words: string[], synonyms: Synonym[]): string[][] {
  return words.map((word) => {
    const key = keyOf(word);
    const entries = synonyms.filter(
      (entry) => keyOf(entry.term) === key || entry.synonyms.some((s) => keyOf(s) === key),
    );
    return [...new Set([word, ...entries.flatMap((entry) => [entry.term, ...entry.synonyms])])];
  });
}

/**
 * Ranks the articles by coverage. Each word weighs by how few articles hold it, ln(1 + (N+1)/(df+1)),
 * which never reaches zero (a word in every article still counts, and in a help centre of one article
 * its one article can cover a question wholly) and means the same for ten articles or ten thousand.
 * A word no article holds weighs as if half an article held it: more than any word an article holds
 * (the question may be about something the help centre does not say), but not so much that a detail
 * no article needs to name (a town, a brand) sinks a question the rest of it asks plainly.
 */
export function rankByCoverage(found: TermMatches): Covered[] {
  const n = found.articles;
  const weights = found.matches.map((m) => Math.log(1 + (n + 1) / (Math.max(m.length, 0.5) + 1)));
  const total = weights.reduce((a, b) => a + b, 0);
  if (!total) return [];
  const held = new Map<string, number>();
  found.matches.forEach((matches, i) => {
    for (const { id, strong } of matches) {
      held.set(id, (held.get(id) ?? 0) + (weights[i] ?? 0) * (strong ? 1 : BODY_ONLY));
    }
  });
  return [...held]
    .map(([id, weight]) => ({ id, coverage: weight / total }))
    .sort((a, b) => b.coverage - a.coverage || a.id.localeCompare(b.id));
}

/**
 * The ranking's order: coverage, with a fifth of each article's bm25 relative to the best one's, so
 * that of two articles covering a question alike the one whose title and phrasings say it comes first.
 */
export function relevanceOf(coverage: number, bm25: number, bestBm25: number): number {
  return coverage + (bestBm25 > 0 ? (BM25_SHARE * Math.max(bm25, 0)) / bestBm25 : 0);
}
