// Turning what a person typed into search terms: words, not FTS5 syntax, without the words that carry
// no topic (English here; a feature searching text in other languages passes their stop words too).

import { folded } from "../platform/locale";

/** English words that say nothing about what a question is about: grammar, greetings, chat fillers. */
const STOPWORDS = new Set(
  [
    // English
    "a about after again all also am an and any anything are as at be been before being but by can",
    "cant could did didnt do does doesnt dont for from get got had has have having hello help hey hi",
    "how i id if im in into is isnt it its ive just know let like me mine more much my need no not",
    "now of off ok okay on one or our out over please pls right so some someone something still such",
    "than thank thanks that thats the their them then there these they thing this those to too u up",
    "us very want wanted was way we were what whats when where which while who why will with wont",
    "work working works would yes yet you your youre again both each few happen happened happens",
    "here many most oops other own same should arent hasnt havent wasnt wants",
    "long take takes taking took soon make made makes go goes going went come comes see use used",
    "using find tell give ask try put show question questions",
    "already ever instead really actually maybe might may must shall since until ill youll",
    "hers his him he she her whose whom every",
  ]
    .join(" ")
    .split(" "),
);

const MAX_TERMS = 16;
const NONE: ReadonlySet<string> = new Set();

/** A French or Italian elision ("l'eau", "d'un", "qu'il"): the elided word is not searched. */
const ELISION = /(?<![\p{L}\p{N}])(?:[cdjlmnst]|qu)['’](?=\p{L})/gu;
/** An apostrophe inside a word before a vowel or h ("aujourd'hui"): two words, as the index has them. */
const INNER_ELISION = /['’](?=[aeiouyhàâäéèêëîïôöûùü])/gu;

/**
 * The words of a text as written (stop words included), lower case: elisions split off ("l'eau":
 * "eau"; "aujourd'hui": "aujourd", "hui"), an English contraction's apostrophe dropped ("don't":
 * "dont", which the stop words hold; no contraction's ending begins with a vowel).
 */
export const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(ELISION, "")
    .replace(INNER_ELISION, " ")
    .replace(/['’]/g, "")
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The words of `text` worth searching for, lower case, each once, at most MAX_TERMS; neither an
 * English stop word nor one of `moreStopWords`.
 */
export function meaningfulTerms(text: string, moreStopWords = NONE): string[] {
  const words = wordsOf(text);
  return [
    ...new Set(words.filter((w) => w.length > 1 && !STOPWORDS.has(w) && !moreStopWords.has(w))),
  ].slice(0, MAX_TERMS);
}

/** One FTS5 query term for a word or phrase, quoted so that no input is FTS5 syntax. */
export const ftsTerm = (words: string) => `"${words.replaceAll('"', "")}"`;

/**
 * An FTS5 query that matches any of the words of `text`, or null when `text` has no word worth
 * searching for.
 */
export function toFtsQuery(text: string, moreStopWords = NONE): string | null {
  const terms = meaningfulTerms(text, moreStopWords);
  return terms.length ? terms.map(ftsTerm).join(" OR ") : null;
}

/**
 * An FTS5 query that matches every word of `text` (each quoted, so no input is FTS5 syntax), the
 * last as a prefix while it is being typed (three letters or more, so a prefix stays selective), or
 * null when `text` has no word.
 */
export function toAllWordsQuery(text: string): string | null {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_TERMS);
  if (!words.length) return null;
  const typing = /[\p{L}\p{N}]$/u.test(text);
  return words
    .map((word, i) =>
      i === words.length - 1 && typing && [...word].length >= 3 ? `"${word}"*` : `"${word}"`,
    )
    .join(" ");
}

/**
 * Whether `text` contains one of `phrases` (given `folded`, as config parses them) as whole words
 * ("agent", not "agents" or "reagent"); the text is folded the same way, so a phone's "didn’t" and
 * words written without their accents ("no me ayudo") count.
 */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  const normalized = ` ${(folded(text).match(/[\p{L}\p{N}']+/gu) ?? []).join(" ")} `;
  return phrases.some((phrase) => normalized.includes(` ${phrase} `));
}
