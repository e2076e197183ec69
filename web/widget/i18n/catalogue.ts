import type { Language as TextLanguage } from "../../../src/platform/locale";
import { type Catalogue, en } from "./en";

// The widget's languages: the service's (LANGUAGES, src/platform/locale.ts), each a file like de.ts
// (typed Catalogue: no key can be missing) listed here; right-to-left ones in RTL too. English is
// built in (the fallback); the others are loaded on demand, so a customer's first load carries one
// language's words, not five.

const LOADERS: Record<string, () => Promise<Catalogue>> = {
  en: async () => en,
  de: async () => (await import("./de")).de,
  fr: async () => (await import("./fr")).fr,
  es: async () => (await import("./es")).es,
  ar: async () => (await import("./ar")).ar,
} satisfies Record<TextLanguage, () => Promise<Catalogue>>;
/** The languages written right to left. */
const RTL = new Set(["ar"]);

export interface Language {
  /** The tag the customer asked for, canonical (`de-AT`), or `en` when none fit. */
  locale: string;
  /** The catalogue's language (`de` for `de-AT`). */
  base: string;
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
    if (locale && LOADERS[base]) return { locale, base, dir: RTL.has(base) ? "rtl" : "ltr" };
  }
  return { locale: "en", base: "en", dir: "ltr" };
}

/** The words of `language`; English if they cannot be loaded (the network dropped meanwhile). */
export function wordsOf(language: Language): Promise<Catalogue> {
  return (LOADERS[language.base]?.() ?? Promise.resolve(en)).catch(() => en);
}

function canonical(tag: string | null | undefined): string | null {
  if (!tag?.trim()) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim().replaceAll("_", "-"))[0] ?? null;
  } catch {
    return null;
  }
}
