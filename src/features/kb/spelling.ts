/** The shortest word a misspelling is looked for (shorter ones have too many near neighbours). */
export const MIN_MISSPELT = 6;

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The indexed word (a stem, as the index holds them) that a word no article holds was most likely
 * meant to be: one or two edits away (two for words of eight letters or more), or the stem of the
 * word as meant ("shiping": ship); the nearest, then the most used. Null when none is near.
 */
export function likelyMeant(word: string, vocabulary: { term: string; doc: number }[]) {
  if (word.length < MIN_MISSPELT) return null;
  const allowed = word.length >= 8 ? 2 : 1;
  let best: { term: string; edits: number; doc: number } | null = null;
  for (const { term, doc } of vocabulary) {
    if (term.length < 4) continue;
    let edits = distance(word, term);
    if (edits > allowed) {
      // A stem: the word's beginning, misspelt at most once, with a short ending after it.
      const stem = word.length > term.length && word.length - term.length <= 3;
      if (!stem || distance(word.slice(0, term.length), term) > (term.length < 5 ? 0 : 1)) continue;
      edits = allowed + 0.5;
    }
    if (!best || edits < best.edits || (edits === best.edits && doc > best.doc)) {
      best = { term, edits, doc };
    }
  }
  return best?.term ?? null;
}

/**
 * The range of indexed words worth comparing with `word`: same first two letters, similar length;
 * none for a word too short to be taken for another.
 */
export function neighbourhood(word: string) {
  if (word.length < MIN_MISSPELT) return { from: "", to: "", shortest: 0, longest: 0 };
  const prefix = word.slice(0, 2);
  return {
    from: prefix,
    to: `${prefix}\uffff`,
    shortest: word.length - 4,
    longest: word.length + 2,
  };
}
