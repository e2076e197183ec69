import { APOSTROPHES } from "../../core/search";

/**
 * Small talk: a message that only greets ("hi", "guten Tag") or thanks ("thanks!", "ok great",
 * "merci beaucoup", "👍"). No article answers it and no person is needed for it, so the assistant
 * answers it in the customer's language instead of searching (which finds nothing, or the article
 * it just answered from) and handing the chat to a person as "no answer found".
 */
export type SmallTalk = "greeting" | "thanks";

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
  "gracias vale perfecto adios شكرا شكر",
);
/** Words that come with them ("thank you so much", "good morning", "got it", "alles klar"). */
const FILLER = words(
  "you so very much a lot good there all it got that nice everyone team no nein non",
  "guten vielen schon sehr alles klar beaucoup au bonne journee muchas todo bien",
  "جزيلا عليكم",
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
  if (tokens.some((t) => !GREETINGS.has(t) && !THANKS.has(t) && !FILLER.has(t))) return null;
  if (tokens.some((t) => THANKS.has(t))) return "thanks";
  return tokens.some((t) => GREETINGS.has(t)) ? "greeting" : null;
}
