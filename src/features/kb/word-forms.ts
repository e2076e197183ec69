// Word forms in the help centre's other languages. The index stems English (porter); German, French
// and Spanish words keep their endings there, so a question's "aceptan" would never find an article's
// "aceptamos". A question's word in those languages is searched as its stem's prefix instead: its
// inflectional ending (plural, person, tense, gender) dropped, as light stemmers do.
import { ftsTerm } from "../../core/search";

/** Inflectional endings by language, longest first; one is dropped from a word (see stemOf). */
const ENDINGS: Readonly<Record<string, readonly string[]>> = {
  de: ["ungen", "ern", "em", "en", "er", "es", "st", "te", "ung", "e", "n", "s", "t"],
  es: [
    "aciones",
    "iendo",
    "ieron",
    "amos",
    "ando",
    "aron",
    "emos",
    "imos",
    "ados",
    "adas",
    "idos",
    "idas",
    "ción",
    "ado",
    "ada",
    "ido",
    "ida",
    "áis",
    "éis",
    "ar",
    "er",
    "ir",
    "an",
    "en",
    "as",
    "es",
    "os",
    "a",
    "e",
    "o",
    "s",
  ],
  fr: [
    "ements",
    "ations",
    "ement",
    "ation",
    "erons",
    "eront",
    "aient",
    "ions",
    "ons",
    "ent",
    "ées",
    "ais",
    "ait",
    "ant",
    "ez",
    "er",
    "ir",
    "re",
    "es",
    "ée",
    "és",
    "e",
    "é",
    "s",
    "x",
  ],
};
/** The shortest stem searched as a prefix: shorter ones begin too many other words. */
const MIN_STEM = 4;

/** The word's stem in `language` (its longest ending dropped, keeping MIN_STEM letters); null: none. */
export function stemOf(word: string, language: string | null): string | null {
  const endings = language ? ENDINGS[language] : undefined;
  if (!endings || /\s/.test(word)) return null;
  const letters = [...word];
  for (const ending of endings) {
    const stem = letters.length - [...ending].length;
    if (stem >= MIN_STEM && word.endsWith(ending)) return letters.slice(0, stem).join("");
  }
  return letters.length >= MIN_STEM ? word : null;
}

/**
 * The FTS5 term that finds `word` in the help centre's articles in `language`: every form of it
 * (its stem as a prefix) in German, French and Spanish; the word itself otherwise (English, whose
 * forms the index's stemmer folds; a phrase; a word too short to stem).
 */
export function searchTerm(word: string, language: string | null): string {
  const stem = stemOf(word.replaceAll('"', ""), language);
  return stem ? `${ftsTerm(stem)}*` : ftsTerm(word);
}
