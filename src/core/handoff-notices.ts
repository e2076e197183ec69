import { pickLocale } from "../platform/locale";

// What the customer reads at a handoff, in their language (the session's locale): the reason, and
// outside support hours when to expect a person. AI_HANDOFF_NOTICES may replace any of these.

export type Reason =
  | "customer_request"
  | "model_handoff"
  | "no_match"
  | "unhelpful"
  | "turn_limit"
  | "model_failure";

export interface HandoffWords {
  reasons: Record<Reason, string>;
  /** `{hours}`, `{zone}`; then `{when}` if the next opening is known. */
  away: string;
  next: string;
}

export const HANDOFF_WORDS: Record<string, HandoffWords> = {
  en: {
    reasons: {
      customer_request: "Connecting you with a person.",
      model_handoff: "This needs a person: connecting you with one.",
      no_match: "I could not find an answer to that: connecting you with a person.",
      unhelpful: "Sorry that did not help: connecting you with a person.",
      turn_limit: "Connecting you with a person who can take this further.",
      model_failure: "Sorry, I could not answer just now: connecting you with a person.",
    },
    away: "Our team is away now (hours: {hours}, {zone}).",
    next: "A person will answer from {when} ({zone}).",
  },
  de: {
    reasons: {
      customer_request: "Ich verbinde Sie mit einem Menschen.",
      model_handoff: "Das sollte ein Mensch beantworten: Ich verbinde Sie.",
      no_match: "Dazu habe ich keine Antwort gefunden: Ich verbinde Sie mit einem Menschen.",
      unhelpful: "Schade, dass das nicht geholfen hat: Ich verbinde Sie mit einem Menschen.",
      turn_limit: "Ich verbinde Sie mit einem Menschen, der weiterhelfen kann.",
      model_failure: "Ich konnte gerade nicht antworten: Ich verbinde Sie mit einem Menschen.",
    },
    away: "Unser Team ist gerade nicht da (Zeiten: {hours}, {zone}).",
    next: "Ein Mensch antwortet ab {when} ({zone}).",
  },
  fr: {
    reasons: {
      customer_request: "Je vous mets en relation avec une personne.",
      model_handoff: "Une personne doit s’en charger : je vous mets en relation.",
      no_match: "Je n’ai pas trouvé de réponse : je vous mets en relation avec une personne.",
      unhelpful: "Désolé que cela n’ait pas aidé : je vous mets en relation avec une personne.",
      turn_limit: "Je vous mets en relation avec une personne qui pourra aller plus loin.",
      model_failure:
        "Désolé, je n’ai pas pu répondre : je vous mets en relation avec une personne.",
    },
    away: "Notre équipe est absente (horaires : {hours}, {zone}).",
    next: "Une personne vous répondra à partir de {when} ({zone}).",
  },
  es: {
    reasons: {
      customer_request: "Te paso con una persona.",
      model_handoff: "Esto lo debe ver una persona: te paso con ella.",
      no_match: "No encontré una respuesta: te paso con una persona.",
      unhelpful: "Siento que no haya servido: te paso con una persona.",
      turn_limit: "Te paso con una persona que puede seguir con esto.",
      model_failure: "Lo siento, ahora no pude responder: te paso con una persona.",
    },
    away: "Nuestro equipo no está ahora (horario: {hours}, {zone}).",
    next: "Una persona responderá a partir de {when} ({zone}).",
  },
  ar: {
    reasons: {
      customer_request: "جارٍ تحويلك إلى أحد الموظفين.",
      model_handoff: "يحتاج هذا إلى شخص: جارٍ تحويلك.",
      no_match: "لم أجد إجابة عن ذلك: جارٍ تحويلك إلى أحد الموظفين.",
      unhelpful: "عذرًا لأن ذلك لم يساعد: جارٍ تحويلك إلى أحد الموظفين.",
      turn_limit: "جارٍ تحويلك إلى شخص يمكنه متابعة الأمر.",
      model_failure: "عذرًا، تعذّر عليّ الرد الآن: جارٍ تحويلك إلى أحد الموظفين.",
    },
    away: "فريقنا غير متاح الآن (ساعات العمل: {hours}، {zone}).",
    next: "سيرد عليك أحد الموظفين ابتداءً من {when} ({zone}).",
  },
};

/**
 * The words for `locale`: its language's (`de-AT` -> `de`), else English; the configured texts of
 * that language (or, for a language without built-in words, of the customer's) over them.
 */
export function handoffWords(
  locale: string | null,
  configured: HandoffNotices = {},
): { words: HandoffWords; locale: string } {
  const tag = locale ?? "en";
  const builtIn = pickLocale(HANDOFF_WORDS, tag);
  const own = pickLocale(configured, tag);
  const words = builtIn ?? (HANDOFF_WORDS.en as HandoffWords);
  const reasons = { ...words.reasons, ...(builtIn || own ? own : configured.en) };
  return { words: { ...words, reasons }, locale: builtIn || own ? tag : "en" };
}

/** AI_HANDOFF_NOTICES: per locale (lower case), per reason, the customer's text. */
export type HandoffNotices = Record<string, Partial<Record<Reason, string>>>;
