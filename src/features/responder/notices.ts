import { HANDOFF_REASON_CODES, HANDOFF_REASONS, type HandoffReason } from "../../core/handoff";
import { isLanguage, type Language, languageOf, pickLocale } from "../../platform/locale";
import { isOpen, nextOpening, type WeeklyHours } from "../../platform/weekly-hours";
import type { SmallTalk } from "./small-talk";

/** What the assistant tells a customer in their language: why a person takes over, what it offers. */
interface Notices {
  handoff: Record<HandoffReason, string>;
  /** Outside support hours: the hours, and when a person answers (if known). */
  away: (hours: string, timeZone: string, from: string | null) => string;
  /** Above the articles offered when none is clearly the answer. */
  suggestions: string;
  /** Before the title of the article the offline responder answers with. */
  article: string;
  /** The answer to a message that only greets or thanks (small-talk.ts). */
  smallTalk: Record<Exclude<SmallTalk, "no">, string>;
}

const CATALOGUE: Record<Language, Notices> = {
  en: {
    handoff: Object.fromEntries(
      HANDOFF_REASON_CODES.map((reason) => [reason, HANDOFF_REASONS[reason].customer]),
    ) as Record<HandoffReason, string>,
    away: (hours, zone, from) =>
      `Our team is away now (hours: ${hours}, ${zone}).${from ? ` A person will answer from ${from} (${zone}).` : ""}`,
    suggestions: "Did one of these help? If not, ask to talk to a person.",
    article: "This article may help:",
    smallTalk: {
      greeting: "Hello! What can I help you with?",
      thanks: "You're welcome! If there is anything else, just ask.",
      opener: "Of course. What would you like to know?",
    },
  },
  de: {
    handoff: {
      customer_request: "Ich verbinde Sie mit einem Menschen aus unserem Team.",
      model_handoff: "Das sollte sich ein Mensch ansehen: Ich verbinde Sie.",
      no_match: "Dazu habe ich keine Antwort gefunden: Ich verbinde Sie mit einem Menschen.",
      unhelpful: "Schade, dass das nicht geholfen hat: Ich verbinde Sie mit einem Menschen.",
      turn_limit: "Ich verbinde Sie mit jemandem, der Ihnen weiterhelfen kann.",
      model_failure:
        "Entschuldigung, ich konnte gerade nicht antworten: Ich verbinde Sie mit einem Menschen.",
    },
    away: (hours, zone, from) =>
      `Unser Team ist gerade nicht da (Zeiten: ${hours}, ${zone}).${from ? ` Eine Antwort kommt ab ${from} (${zone}).` : ""}`,
    suggestions:
      "Hilft Ihnen einer dieser Artikel? Sonst verbinde ich Sie gern mit einem Menschen.",
    article: "Dieser Artikel hilft Ihnen vielleicht:",
    smallTalk: {
      greeting: "Hallo! Wobei kann ich Ihnen helfen?",
      thanks: "Gern geschehen! Wenn Sie noch etwas brauchen, fragen Sie einfach.",
      opener: "Gern. Was möchten Sie wissen?",
    },
  },
  fr: {
    handoff: {
      customer_request: "Je vous mets en relation avec une personne de notre équipe.",
      model_handoff: "Une personne doit s'en occuper : je vous mets en relation.",
      no_match: "Je n'ai pas trouvé de réponse : je vous mets en relation avec une personne.",
      unhelpful: "Désolé que cela n'ait pas aidé : je vous mets en relation avec une personne.",
      turn_limit: "Je vous mets en relation avec une personne qui pourra aller plus loin.",
      model_failure:
        "Désolé, je ne peux pas répondre pour le moment : je vous mets en relation avec une personne.",
    },
    away: (hours, zone, from) =>
      `Notre équipe est absente pour le moment (horaires : ${hours}, ${zone}).${from ? ` Une personne vous répondra à partir de ${from} (${zone}).` : ""}`,
    suggestions: "L'un de ces articles vous aide-t-il ? Sinon, demandez à parler à une personne.",
    article: "Cet article peut vous aider :",
    smallTalk: {
      greeting: "Bonjour ! Comment puis-je vous aider ?",
      thanks: "Avec plaisir ! Si vous avez une autre question, n'hésitez pas.",
      opener: "Bien sûr. Que souhaitez-vous savoir ?",
    },
  },
  es: {
    // "tú", as the widget's Spanish (web/widget/i18n/es.ts) and the greeting speak to the customer.
    handoff: {
      customer_request: "Te pongo en contacto con una persona de nuestro equipo.",
      model_handoff: "Esto necesita a una persona: te pongo en contacto con una.",
      no_match: "No encontré una respuesta: te pongo en contacto con una persona.",
      unhelpful: "Siento que no te haya ayudado: te pongo en contacto con una persona.",
      turn_limit: "Te pongo en contacto con una persona que puede ayudarte más.",
      model_failure:
        "Lo siento, ahora no he podido responder: te pongo en contacto con una persona.",
    },
    away: (hours, zone, from) =>
      `Nuestro equipo no está disponible ahora (horario: ${hours}, ${zone}).${from ? ` Una persona te responderá a partir del ${from} (${zone}).` : ""}`,
    suggestions: "¿Te ayuda alguno de estos artículos? Si no, pide hablar con una persona.",
    article: "Este artículo puede ayudarte:",
    smallTalk: {
      greeting: "¡Hola! ¿En qué puedo ayudarte?",
      thanks: "¡De nada! Si necesitas algo más, pregunta sin problema.",
      opener: "Por supuesto. ¿Qué te gustaría saber?",
    },
  },
  ar: {
    handoff: {
      customer_request: "سأوصلك بأحد أفراد فريقنا.",
      model_handoff: "يحتاج هذا إلى شخص من فريقنا: سأوصلك به.",
      no_match: "لم أجد إجابة عن ذلك: سأوصلك بأحد أفراد فريقنا.",
      unhelpful: "آسف لأن ذلك لم يساعد: سأوصلك بأحد أفراد فريقنا.",
      turn_limit: "سأوصلك بشخص يمكنه متابعة طلبك.",
      model_failure: "عذرًا، لم أتمكن من الإجابة الآن: سأوصلك بأحد أفراد فريقنا.",
    },
    away: (hours, zone, from) =>
      `فريقنا غير متاح الآن (ساعات العمل: ${hours}، ${zone}).${from ? ` سيرد عليك أحدنا ابتداءً من ${from} (${zone}).` : ""}`,
    suggestions: "هل ساعدتك إحدى هذه المقالات؟ إن لم تفعل، اطلب التحدث إلى شخص.",
    article: "قد تساعدك هذه المقالة:",
    smallTalk: {
      greeting: "مرحبًا! كيف يمكنني مساعدتك؟",
      thanks: "على الرحب والسعة! إن احتجت إلى شيء آخر، فاسأل فقط.",
      opener: "بالتأكيد. ما الذي تود معرفته؟",
    },
  },
};

/** The notices in the customer's language, English when it has none. */
export function noticesFor(locale: string | null | undefined): Notices {
  const language = languageOf(locale);
  return CATALOGUE[isLanguage(language) ? language : "en"];
}

/** AI_HANDOFF_NOTICES: per locale (lower case), per reason, the customer's text. */
export type ConfiguredNotices = Record<string, Partial<Record<HandoffReason, string>>>;

/**
 * What the customer reads at the handoff, in their language: why, and outside hours, when. The
 * configured text for their locale (else its language) comes before the built-in one; a language
 * with neither reads the configured English text, else the built-in one.
 */
export function handoffNotice(
  reason: HandoffReason,
  locale: string | null,
  hours: WeeklyHours | null,
  now: Date,
  configured: ConfiguredNotices = {},
): string {
  const language = languageOf(locale);
  const own = locale ? pickLocale(configured, locale) : undefined;
  const known = own !== undefined || isLanguage(language);
  const notices = noticesFor(locale);
  const text = (known ? own : configured.en)?.[reason] ?? notices.handoff[reason];
  if (!hours || isOpen(hours, now)) return text;
  const next = nextOpening(hours, now);
  // The date as the notice's language writes it.
  const from = next
    ? next.toLocaleString(locale && isLanguage(language) ? locale : "en-GB", {
        timeZone: hours.timeZone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
      })
    : null;
  return `${text} ${notices.away(hours.text, hours.timeZone, from)}`;
}
