import { folded } from "../../platform/locale";

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
  "hi hello hey hiya howdy morning afternoon evening hallo servus moin tag morgen abend gruss gruß gruezi",
  "bonjour bonsoir salut coucou hola buenos buenas dias tardes noches",
  "مرحبا اهلا أهلا وسهلا السلام سلام صباح مساء",
);
const THANKS = words(
  "thanks thank thankyou thanku thx thnx thanx tnx thks ty tysm tyvm cheers ok okay k great perfect cool awesome brilliant",
  "helps helped appreciate appreciated bye goodbye fine understood noted alright",
  "danke dankeschon dank super perfekt prima toll passt gut verstanden tschuss tschus",
  "merci parfait genial top nickel compris d'accord daccord revoir",
  "gracias vale perfecto excelente listo claro entendido adios luego chao ciao",
  "شكرا شكر تمام ممتاز حسنا طيب yes yeah yep ja oui si نعم",
);
const NO = words("no nope nah nein non لا");
const OPENERS = words(
  "question questions help ask something problem issue frage fragen hilfe helfen problem",
  "aide aider m'aider d'aide pregunta preguntar ayuda ayudar ayudarme problema سؤال مساعدة مشكلة تساعدني",
);
/**
 * Words that come with them ("thank you so much", "good morning", "hi, how are you?", "merci à
 * vous", "I have a quick question", "pouvez-vous m'aider").
 */
const FILLER = words(
  "you u ya so very much a lot good there all it that nice everyone team mate for your the",
  "to and how are doing hope well that's it's i i'm have need can could me please quick small",
  "guten vielen lieben schon sehr alles zusammen gott fur die ihre deine ich habe eine ein kurze",
  "brauche kann konnen sie mir bitte",
  "beaucoup bcp au a vous toi bonne journee soiree pour votre ton c'est tres bien j'ai une un je",
  "besoin peux pouvez svp",
  "muchas mil todo bien muy por tu su la hasta tengo una necesito puedo puede me usted favor",
  "جزيلا عليكم لك لكم الخير عندي لدي أحتاج احتاج ممكن",
);
/** Phrases that agree though their words alone do not ("good" alone may be the start of a complaint). */
const AGREEMENTS = ["got it", "all good", "sounds good", "alles klar", "c'est bon"].map(folded);
const LISTS = [GREETINGS, THANKS, NO, OPENERS, FILLER];

function words(...lists: string[]): Set<string> {
  return new Set(lists.flatMap((list) => list.split(" ").map(folded)));
}

/** What kind of small talk a message is, or null when it says anything more. */
export function smallTalkOf(message: string): SmallTalk | null {
  const found = folded(message).match(/[\p{L}\p{N}']+/gu) ?? [];
  // Only an emoji or two ("👍", "🙏"): thanks.
  if (!found.length) return /\p{Extended_Pictographic}/u.test(message) ? "thanks" : null;
  const agreed = AGREEMENTS.reduce(
    (text, phrase) => text.replaceAll(` ${phrase} `, " ok "),
    ` ${found.map(spelled).join(" ")} `,
  );
  const tokens = agreed.trim().split(" ");
  if (tokens.some((t) => !LISTS.some((list) => list.has(t)))) return null;
  // "no thanks" and "thanks for your help" thank; "no, I need help" says no.
  if (tokens.some((t) => THANKS.has(t))) return "thanks";
  if (tokens.some((t) => NO.has(t))) return "no";
  if (tokens.some((t) => OPENERS.has(t))) return "opener";
  return tokens.some((t) => GREETINGS.has(t)) ? "greeting" : null;
}

/** A word as the lists spell it, when a customer drew it out ("graciaaas", "thanksss", "hiii"). */
function spelled(word: string): string {
  if (LISTS.some((list) => list.has(word))) return word;
  const once = word.replace(/(.)\1{2,}/gu, "$1");
  return LISTS.some((list) => list.has(once)) ? once : word.replace(/(.)\1{2,}/gu, "$1$1");
}
