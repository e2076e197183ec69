// Turning what a person typed into search terms: words, not FTS5 syntax, without the words that carry
// no topic (in the languages the help centre is written in).

/** Words that say nothing about what a question is about: grammar, greetings, chat fillers. */
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
    // German
    "aber am an auch auf aus bei bin bis bitte da das dass dem den der des die doch du ein eine einen",
    "einer es für gibt hab habe haben hallo hat ich ihr ihre im in ist ja kann können man mein meine",
    "meinen mich mir mit möchte nach nicht noch nur oder sein sie sind so und uns von vom war was wie",
    "wir wo zu zum zur wann warum welche welcher wieviel",
    // French
    "au aux avec bonjour ce ces cest comment dans de des du elle en est et il je jai la le les leur",
    "ma mais me merci mes moi mon ne nous on ou où par pas peut peux pour puis quand que quel quelle",
    "qui sa se ses son sur ta te tu un une vos votre vous voudrais combien pourquoi être avoir faut",
    // Spanish
    "al como cómo con cuál cuando cuándo de del el ella en es esta este está gracias hola la las le",
    "lo los me mi mis muy no nos o para pero por puedo qué que se si sí su sus te tengo tiene tienen",
    "tu un una uno y ya yo cuánto cuánta cuántos cuanto por qué quiero quisiera",
  ]
    .join(" ")
    .split(" "),
);

const MAX_TERMS = 16;

/** The words of `text` worth searching for, lower case, each once, at most MAX_TERMS. */
export function meaningfulTerms(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .replaceAll("'", "")
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !STOPWORDS.has(w)))].slice(0, MAX_TERMS);
}

/** One FTS5 query term for a word or phrase, quoted so that no input is FTS5 syntax. */
export const ftsTerm = (words: string) => `"${words.replaceAll('"', "")}"`;

/**
 * An FTS5 query that matches any of the words of `text`, or null when `text` has no word worth
 * searching for.
 */
export function toFtsQuery(text: string): string | null {
  const terms = meaningfulTerms(text);
  return terms.length ? terms.map(ftsTerm).join(" OR ") : null;
}

/** Whether `text` contains one of `phrases` as whole words ("agent", not "agents" or "reagent"). */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  const normalized = ` ${(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).join(" ")} `;
  return phrases.some((phrase) => normalized.includes(` ${phrase} `));
}
