// Turning what a person typed into a full-text query: words, not FTS5 syntax.

/** Words too common to tell articles apart. */
const STOPWORDS = new Set(
  (
    "a an and are as at be but by can could did do does for from had has have how i if in into is it its " +
    "me my no not of on or our please so that the their them then there these they this to was we were " +
    "what when where which who why will with would you your hi hello thanks thank"
  ).split(" "),
);

const MAX_TERMS = 16;

/**
 * An FTS5 query that matches any of the words of `text` (each quoted, so no input is FTS5 syntax),
 * or null when `text` has no word worth searching for.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.filter((w) => w.length > 1 && !STOPWORDS.has(w)))];
  if (!terms.length) return null;
  return terms
    .slice(0, MAX_TERMS)
    .map((term) => `"${term}"`)
    .join(" OR ");
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

/** Whether `text` contains one of `phrases` as whole words ("agent", not "agents" or "reagent"). */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  const normalized = ` ${(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).join(" ")} `;
  return phrases.some((phrase) => normalized.includes(` ${phrase} `));
}
