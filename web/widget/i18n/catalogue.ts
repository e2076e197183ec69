import { ar } from "./ar";
import { de } from "./de";
import { type Catalogue, en } from "./en";
import { es } from "./es";
import { fr } from "./fr";

// The widget's languages. To add one: a file like de.ts (typed Catalogue: no key can be missing),
// listed here; right-to-left ones in RTL too.

export const CATALOGUES: Record<string, Catalogue> = { en, de, fr, es, ar };
/** The languages written right to left. */
const RTL = new Set(["ar"]);

export interface Language {
  /** The tag the customer asked for, canonical (`de-AT`), or `en` when none fit. */
  locale: string;
  words: Catalogue;
  dir: "ltr" | "rtl";
}

/**
 * The customer's language: the first of `wanted` (the host page's choice, then the browser's) that
 * the widget speaks, itself or its base language (`de-AT` speaks `de`); else English.
 */
export function chooseLanguage(wanted: readonly (string | null | undefined)[]): Language {
  for (const tag of wanted) {
    const locale = canonical(tag);
    const words = locale && CATALOGUES[locale.split("-")[0]?.toLowerCase() ?? ""];
    if (locale && words) {
      const base = locale.split("-")[0]?.toLowerCase() ?? "en";
      return { locale, words, dir: RTL.has(base) ? "rtl" : "ltr" };
    }
  }
  return { locale: "en", words: en, dir: "ltr" };
}

function canonical(tag: string | null | undefined): string | null {
  if (!tag?.trim()) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim().replaceAll("_", "-"))[0] ?? null;
  } catch {
    return null;
  }
}
