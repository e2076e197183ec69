// The words of a question that retrieval ignores besides core/search.ts's English stop words: function
// words of the help centre's other languages, and forms of English verbs that carry no topic.
import { meaningfulTerms, toFtsQuery } from "../../core/search";

/** German, French and Spanish function words, and English verb forms core's list lacks. */
export const QUESTION_STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // English: the other forms of verbs core's list holds ("come", "get", "tell"...)
    "came gets getting gave given gives told tells taken gone done doing saw seen knew known asks",
    "asked asking tried trying lets needs needed say says said",
    // German
    "aber am an auch auf aus bei bin bis bitte da das dass dem den der des die doch du ein eine einen",
    "einer es für gibt hab habe haben hallo hat ich ihr ihre im in ist ja kann können man mein meine",
    "meinen mich mir mit möchte nach nicht noch nur oder sein sie sind so und uns von vom war was wie",
    "wir wo zu zum zur wann warum welche welcher wieviel",
    "wird werden wurde kein keine keinen meinem meiner dein deine ihren ihrem ihrer einem dieser",
    "diese dieses schon sehr jetzt hier dort wenn dann ob als sich selbst etwas alle alles",
    // French
    "au aux avec bonjour ce ces cest comment dans de des du elle en est et il je jai la le les leur",
    "ma mais me merci mes moi mon ne nous on ou où par pas peut peux pour puis quand que quel quelle",
    "qui sa se ses son sur ta te tu un une vos votre vous voudrais combien pourquoi être avoir faut",
    "quels quelles sont vais va vont fait faire ai as ont été cette cet ça leurs aussi très plus",
    "encore déjà toujours si lui eux elles",
    // Spanish
    "al como cómo con cuál cuando cuándo de del el ella en es esta este está gracias hola la las le",
    "lo los me mi mis muy no nos o para pero por puedo qué que se si sí su sus te tengo tiene tienen",
    "tu un una uno y ya yo cuánto cuánta cuántos cuanto por qué quiero quisiera",
    "son hay estoy están han he ha fue ser estar cual donde dónde también aún todavía más ese esa",
    "eso esto estos estas",
  ]
    .join(" ")
    .split(" "),
);

/** The words of a question retrieval searches for (see core/search.ts's `meaningfulTerms`). */
export const questionTerms = (text: string) => meaningfulTerms(text, QUESTION_STOP_WORDS);

/** An FTS5 query for any of the words of a question (see core/search.ts's `toFtsQuery`). */
export const questionQuery = (text: string) => toFtsQuery(text, QUESTION_STOP_WORDS);
