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
/** How much a title or phrasing asking the question as the customer did adds in the ranking. */
const FIT_SHARE = 0.3;
/** How much more a word no article holds weighs than one half an article would hold (see below). */
const UNHELD = 2;

/**
 * A word's key for comparing with the synonym lists: lower case, without accents, a plural's s or es,
 * a past's ed, an ing and a final e dropped ("addresses", "address"; "dispatched", "dispatch";
 * "envíos", "envio"), in any of the help centre's languages.
 */
export function keyOf(word: string): string {
  let key = word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  if (key.length > 4 && key.endsWith("es")) key = key.slice(0, -2);
  else if (key.length > 3 && key.endsWith("s") && !key.endsWith("ss")) key = key.slice(0, -1);
  if (key.length > 5 && key.endsWith("ed")) key = key.slice(0, -2);
  else if (key.length > 6 && key.endsWith("ing")) key = key.slice(0, -3);
  if (key.length > 4 && key.endsWith("e")) key = key.slice(0, -1);
  return key;
}

/**
 * Each word of a question with the words counted as the same (every synonym entry holding it, as the
 * term or as one of its synonyms: the shipped defaults and the desk's own), the word first.
 */
export function expandTerms(
  words: string[],
  synonyms: Pick<Synonym, "term" | "synonyms">[],
): string[][] {
  // Each entry's words and their keys, worked out once for all the question's words.
  const entries = synonyms.map((entry) => {
    const all = [entry.term, ...entry.synonyms];
    return { all, keys: new Set(all.map(keyOf)) };
  });
  return words.map((word) => {
    const key = keyOf(word);
    const holding = entries.filter((entry) => entry.keys.has(key));
    return [...new Set([word, ...holding.flatMap((entry) => entry.all)])];
  });
}

/**
 * Ranks the articles by coverage. Each word weighs by how few articles hold it, ln(1 + (N+1)/(df+1)),
 * which never reaches zero (a word in every article still counts, and in a help centre of one article
 * its one article can cover a question wholly) and means the same for ten articles or ten thousand.
 * A word no article holds weighs twice as much as if half an article held it: the question counts
 * whole, and a meaningful word the help centre never uses ("coffee beans", "sleeping", "fair") is
 * likely what it asks about, so the articles holding its other words cover it little. (A detail no
 * article needs to name, a town or a brand, costs as much: an article then answers only when it
 * stands clearly ahead, see verdict.ts.)
 */
export function rankByCoverage(found: TermMatches): Covered[] {
  const n = found.articles;
  const weights = found.matches.map((m) =>
    m.length ? Math.log(1 + (n + 1) / (m.length + 1)) : UNHELD * Math.log(1 + (n + 1) / 1.5),
  );
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
 * The ranking's order: coverage, with a fifth of each article's bm25 relative to the best one's and
 * a share of how well its title or a phrasing fits the question as asked (phrase-fit.ts), so that of
 * two articles covering a question alike the one whose title and phrasings say it comes first.
 */
export function relevanceOf(coverage: number, bm25: number, bestBm25: number, fit = 0): number {
  const bm25Share = bestBm25 > 0 ? (BM25_SHARE * Math.max(bm25, 0)) / bestBm25 : 0;
  return coverage + bm25Share + FIT_SHARE * fit;
}
