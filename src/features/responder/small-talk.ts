import { APOSTROPHES } from "../../core/search";

/**
 * Small talk: a message that only greets ("hi", "guten Tag"), thanks or agrees ("thanks!", "ok
 * great", "merci beaucoup", "yes", "👍"), says no ("no", "nein"), or asks for help without saying
 * with what ("I have a question", "können Sie mir helfen?": an opener). No article answers it and no
 * person is needed for it, so the assistant answers it in the customer's language instead of
 * searching (which finds nothing, or the article just answered from) and handing the chat to a
 * person as "no answer found".
 */
export type SmallTalk = "greeting" | "thanks" | "no" | "opener";

// The words that make a message small talk, in every language the assistant speaks (a customer may
// thank in another language than their session's); accents and case dropped, as `wordsOf` does.
const GREETINGS = words(
  "hi hello hey hiya howdy morning afternoon evening hallo servus moin tag morgen abend",
  "bonjour bonsoir salut coucou hola buenos buenas dias tardes noches",
  "مرحبا اهلا أهلا السلام سلام",
);
const THANKS = words(
  "thanks thank thx ty cheers ok okay k great perfect cool awesome brilliant helps helped bye goodbye",
  "danke dank super perfekt prima toll tschuss merci parfait genial d'accord daccord revoir",
  "gracias vale perfecto adios شكرا شكر yes yeah yep ja oui si نعم",
);
const NO = words("no nope nah nein non لا");
const OPENERS = words(
  "question questions help ask something problem issue frage fragen hilfe helfen problem",
  "aide aider m'aider d'aide pregunta preguntar ayuda ayudar ayudarme problema سؤال مساعدة مشكلة تساعدني",
);
/**
 * Words that come with them ("thank you so much", "good morning", "got it", "alles klar", "I have a
 * quick question", "pouvez-vous m'aider").
 */
const FILLER = words(
  "you so very much a lot good there all it got that nice everyone team for the your",
  "i i'm have need can could me please quick small",
  "guten vielen schon sehr alles klar ich habe eine ein kurze brauche kann konnen sie mir bitte",
  "beaucoup au bonne journee j'ai une un je besoin peux pouvez vous svp",
  "muchas todo bien tengo una necesito puedo puede me usted por favor",
  "جزيلا عليكم عندي لدي أحتاج احتاج ممكن",
);

function words(...lists: string[]): Set<string> {
  return new Set(lists.flatMap((list) => list.split(" ").map(fold)));
}

function fold(text: string): string {
  return text.toLowerCase().replace(APOSTROPHES, "'").normalize("NFD").replace(/\p{M}/gu, "");
}

/** What kind of small talk a message is, or null when it says anything more. */
export function smallTalkOf(message: string): SmallTalk | null {
  const tokens = fold(message).match(/[\p{L}\p{N}']+/gu) ?? [];
  // Only an emoji or two ("👍", "🙏"): thanks.
  if (!tokens.length) return /\p{Extended_Pictographic}/u.test(message) ? "thanks" : null;
  const known = [GREETINGS, THANKS, NO, OPENERS, FILLER];
  if (tokens.some((t) => !known.some((list) => list.has(t)))) return null;
  // "no thanks" and "thanks for your help" thank; "no, I need help" says no.
  if (tokens.some((t) => THANKS.has(t))) return "thanks";
  if (tokens.some((t) => NO.has(t))) return "no";
  if (tokens.some((t) => OPENERS.has(t))) return "opener";
  return tokens.some((t) => GREETINGS.has(t)) ? "greeting" : null;
}
