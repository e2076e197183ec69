import { keyOf } from "./coverage";
import type { Article } from "./kb-repository";
import { questionTerms } from "./stop-words";

/** The words of a text as written (stop words included), lower case, apostrophes dropped. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replaceAll("'", "")
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * How well an article's own way of asking (its title or one of its phrasings) fits the question:
 * the largest share of the words of one of them (two words or more, stop words included: "where is
 * my parcel") that the question holds, itself or as a synonym; 0 when none shares a meaningful word.
 * Of two articles holding the question's words alike, the one that asks it as the customer did.
 */
export function phraseFit(question: string, groups: string[][], article: Article): number {
  const held = new Set([
    ...wordsOf(question).map(keyOf),
    ...groups.flat().flatMap(wordsOf).map(keyOf),
  ]);
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
