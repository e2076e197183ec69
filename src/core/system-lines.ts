import { LANGUAGES, type Language } from "../platform/locale";
import type { Outcome } from "./lifecycle";

// The lines a transition writes into the transcript ("Alice joined", "The chat was resolved."), in each
// language the widget speaks; the statement that writes one picks the session's language (English for
// any other: src/core/db/transition-blocks.ts). A line is stored as the customer reads it, so the
// transcript, its email and its exports say it the same way.

/**
 * A system line by language: its text, where the statement puts the names it knows for `{name}` and
 * `{to}`, and then the words for someone it cannot name, in that order.
 */
export type SystemLine = Partial<Record<Language, string[]>> & { en: string[] };

const OUTCOME_WORDS: Record<Language, Record<Exclude<Outcome, "resolved">, string>> = {
  en: { abandoned: "abandoned", duplicate: "duplicate", spam: "spam" },
  de: { abandoned: "abgebrochen", duplicate: "doppelt", spam: "Spam" },
  fr: { abandoned: "abandonnée", duplicate: "doublon", spam: "spam" },
  es: { abandoned: "abandonada", duplicate: "duplicada", spam: "spam" },
  ar: { abandoned: "متروكة", duplicate: "مكررة", spam: "رسائل مزعجة" },
};

const byLanguage = (line: (language: Language) => string[]): SystemLine =>
  Object.fromEntries(LANGUAGES.map((language) => [language, line(language)])) as SystemLine;

const WORDS: Record<
  Language,
  {
    joined: string;
    agent: string;
    handedOver: string;
    colleague: string;
    moved: (from: string, team: string) => string;
    resolved: string;
    closed: (outcome: string) => string;
    reopened: string;
  }
> = {
  en: {
    joined: "{name} joined",
    agent: "An agent",
    handedOver: "{name} handed the chat over to {to}",
    colleague: "a colleague",
    moved: (from, team) => `${from} moved the chat to ${team}`,
    resolved: "The chat was resolved.",
    closed: (outcome) => `The chat was closed (${outcome}).`,
    reopened: "The customer wrote again: the chat is reopened.",
  },
  de: {
    joined: "{name} ist dem Chat beigetreten",
    agent: "Ein Mitarbeiter",
    handedOver: "{name} hat den Chat an {to} übergeben",
    colleague: "einen Kollegen",
    moved: (from, team) => `${from} hat den Chat an ${team} weitergeleitet`,
    resolved: "Der Chat wurde abgeschlossen.",
    closed: (outcome) => `Der Chat wurde geschlossen (${outcome}).`,
    reopened: "Der Kunde hat erneut geschrieben: Der Chat ist wieder geöffnet.",
  },
  fr: {
    joined: "{name} a rejoint la conversation",
    agent: "Un conseiller",
    handedOver: "{name} a transmis la conversation à {to}",
    colleague: "un collègue",
    moved: (from, team) => `${from} a transféré la conversation à ${team}`,
    resolved: "La conversation est résolue.",
    closed: (outcome) => `La conversation a été fermée (${outcome}).`,
    reopened: "Le client a écrit de nouveau : la conversation est rouverte.",
  },
  es: {
    joined: "{name} se ha unido al chat",
    agent: "Un agente",
    handedOver: "{name} ha pasado el chat a {to}",
    colleague: "un compañero",
    moved: (from, team) => `${from} ha pasado el chat a ${team}`,
    resolved: "El chat se ha resuelto.",
    closed: (outcome) => `El chat se ha cerrado (${outcome}).`,
    reopened: "El cliente ha vuelto a escribir: el chat se ha reabierto.",
  },
  ar: {
    joined: "انضم {name} إلى المحادثة",
    agent: "أحد الموظفين",
    handedOver: "حوّل {name} المحادثة إلى {to}",
    colleague: "زميل",
    moved: (from, team) => `نقل ${from} المحادثة إلى ${team}`,
    resolved: "تم حل المحادثة.",
    closed: (outcome) => `تم إغلاق المحادثة (${outcome}).`,
    reopened: "كتب العميل مرة أخرى: أُعيد فتح المحادثة.",
  },
};

/** The transcript's system lines (see SystemLine). */
export const SYSTEM_LINES = {
  /** "Alice joined": the statement that gives the session to someone names them. */
  joined: byLanguage((l) => [WORDS[l].joined, WORDS[l].agent]),
  /** "Alice handed the chat over to Bob": the statement names both. */
  handedOver: byLanguage((l) => [WORDS[l].handedOver, WORDS[l].agent, WORDS[l].colleague]),
  /** "Alice moved the chat to Billing" (`from`: null when no one held it). */
  moved: (from: string | null, team: string) =>
    byLanguage((l) => [WORDS[l].moved(from ?? WORDS[l].agent, team)]),
  ended: (outcome: Outcome) =>
    byLanguage((l) => [
      outcome === "resolved" ? WORDS[l].resolved : WORDS[l].closed(OUTCOME_WORDS[l][outcome]),
    ]),
  reopened: byLanguage((l) => [WORDS[l].reopened]),
  /** A line already in the customer's language (a handoff notice), or for agents only (a note). */
  asIs: (text: string): SystemLine => ({ en: [text] }),
};
