import { wordsOf } from "../../core/search";
import { keyOf } from "./coverage";
import type { Article } from "./kb-repository";
import { questionTerms } from "./stop-words";

/** The question's words and their synonyms' (`groups`), as keys: what phraseFit matches against. */
export const heldWords = (question: string, groups: string[][]): ReadonlySet<string> =>
  new Set([...wordsOf(question).map(keyOf), ...groups.flat().flatMap(wordsOf).map(keyOf)]);

/**
 * How well an article's own way of asking (its title or one of its phrasings) fits the question:
 * the largest share of the words of one of them (two words or more, stop words included: "where is
 * my parcel") that the question holds (`held`: heldWords), itself or as a synonym; 0 when none
 * shares a meaningful word. Of two articles holding the question's words alike, the one that asks
 * it as the customer did.
 */
export function phraseFit(held: ReadonlySet<string>, article: Article): number {
  let best = 0;
  for (const phrase of [article.title, ...article.phrasings, ...article.tags]) {
    const words = wordsOf(phrase);
    if (words.length < 2) continue;
    if (!questionTerms(phrase).some((word) => held.has(keyOf(word)))) continue;
    const share = words.filter((word) => held.has(keyOf(word))).length / words.length;
    best = Math.max(best, share);
  }
  return best;
}
