import type { Language as TextLanguage } from "../../../src/platform/locale";

// The widget's languages and how one is chosen, with the launcher's words in each: what the loader
// (widget.js, on the host page) needs to name its button in the customer's language from the start,
// before the chat's frame has loaded. Kept apart from the catalogues, so the loader stays tiny.

/** The launcher's words: its button's name (open, closed, with `{count}` unread) and the frame's title. */
export interface LauncherWords {
  open: string;
  close: string;
  unread: string;
  frame: string;
}

/** Every language the widget speaks (the service's, src/platform/locale.ts), with its launcher's words. */
export const LAUNCHER: Record<TextLanguage, LauncherWords> = {
  en: {
    open: "Chat with support",
    close: "Close the support chat",
    unread: "Chat with support, {count} unread",
    frame: "Support chat",
  },
  de: {
    open: "Chat mit dem Support",
    close: "Support-Chat schließen",
    unread: "Chat mit dem Support, {count} ungelesen",
    frame: "Support-Chat",
  },
  fr: {
    open: "Discuter avec le support",
    close: "Fermer le chat du support",
    unread: "Discuter avec le support, {count} non lus",
    frame: "Chat du support",
  },
  es: {
    open: "Chatear con soporte",
    close: "Cerrar el chat de soporte",
    unread: "Chatear con soporte, {count} sin leer",
    frame: "Chat de soporte",
  },
  ar: {
    open: "الدردشة مع الدعم",
    close: "إغلاق دردشة الدعم",
    unread: "الدردشة مع الدعم، {count} غير مقروءة",
    frame: "دردشة الدعم",
  },
};

/** The languages written right to left. */
const RTL = new Set(["ar"]);

export interface Language {
  /** The tag the customer asked for, canonical (`de-AT`), or `en` when none fit. */
  locale: string;
  /** The catalogue's language (`de` for `de-AT`). */
  base: TextLanguage;
  dir: "ltr" | "rtl";
}

/**
 * The customer's language: the first of `wanted` (the host page's choice, then the browser's) that
 * the widget speaks, itself or its base language (`de-AT` speaks `de`); else English.
 */
export function chooseLanguage(wanted: readonly (string | null | undefined)[]): Language {
  for (const tag of wanted) {
    const locale = canonical(tag);
    const base = locale?.split("-")[0]?.toLowerCase() ?? "";
    if (locale && Object.hasOwn(LAUNCHER, base))
      return { locale, base: base as TextLanguage, dir: RTL.has(base) ? "rtl" : "ltr" };
  }
  return { locale: "en", base: "en", dir: "ltr" };
}

function canonical(tag: string | null | undefined): string | null {
  if (!tag?.trim()) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim().replaceAll("_", "-"))[0] ?? null;
  } catch {
    return null;
  }
}
