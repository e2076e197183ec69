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
 * Ranks the articles by coverage: each word weighs by how few articles hold it, ln(1 + (N+1)/(df+1)),
 * which never reaches zero (a word in every article still counts, and in a help centre of one article
 * its one article can cover a question wholly) and does not need many articles to mean something; a
 * word no article holds weighs most, so a question about something else is covered little.
 */
export function rankByCoverage(found: TermMatches): Covered[] {
  const n = found.articles;
  const weights = found.matches.map((m) => Math.log(1 + (n + 1) / (m.length + 1)));
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
