import { z } from "zod";

// Languages: a customer's locale (BCP 47), the languages customer-facing text is written in, and
// texts configured per locale with a fallback.

/**
 * The languages the service writes customer-facing text in (system lines, the assistant's notices,
 * the greeting, the widget's words); English first, the one for any other.
 */
export const LANGUAGES = ["en", "de", "fr", "es", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a locale tag (de-AT: de), lower case; null for none. */
export const languageOf = (locale: string | null | undefined): string | null =>
  locale ? (locale.split("-")[0] ?? "").toLowerCase() || null : null;

/** Whether customer-facing text is written in `language`. */
export const isLanguage = (language: string | null): language is Language =>
  (LANGUAGES as readonly (string | null)[]).includes(language);

/** The apostrophes keyboards write besides ' (a phone writes "didn’t"). */
const APOSTROPHES = /[’‘ʼ]/g;

/** Lower case, one apostrophe, no accents: "Didn’t", "inútil", "إنسان" as "didn't", "inutil", "انسان". */
export function folded(text: string): string {
  return text.toLowerCase().replace(APOSTROPHES, "'").normalize("NFD").replace(/\p{M}/gu, "");
}

/** A BCP 47 language tag as a browser sends it (`de`, `pt-BR`, `zh-Hant-TW`), canonicalized. */
export const localeTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "must be a BCP 47 language tag, e.g. de or pt-BR")
  .refine(isLocale, "must be a BCP 47 language tag, e.g. de or pt-BR")
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] as string);

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** A text in several languages: one for each locale given, and the one for every other. */
export interface LocalizedText {
  fallback: string;
  /** Keyed by canonical tag in lower case (`de`, `pt-br`). */
  byLocale: Record<string, string>;
}

/**
 * A variable holding a text, or per-locale texts as a JSON object (`{"en": "Hi", "de": "Hallo"}`):
 * the fallback is the English one, else the first.
 */
export const localizedText = z
  .string()
  .trim()
  .min(1)
  .transform((value, context): LocalizedText => {
    if (!value.startsWith("{")) return { fallback: value, byLocale: {} };
    const parsed = z
      .record(localeTag, z.string().trim().min(1))
      .refine((map) => Object.keys(map).length > 0, "must name at least one locale")
      .safeParse(parseJson(value));
    if (!parsed.success) {
      context.addIssue({
        code: "custom",
        message: `must be a text or a JSON object of locale to text (${parsed.error.issues[0]?.message})`,
      });
      return z.NEVER;
    }
    const byLocale = Object.fromEntries(
      Object.entries(parsed.data).map(([tag, text]) => [tag.toLowerCase(), text]),
    );
    return { fallback: byLocale.en ?? (Object.values(byLocale)[0] as string), byLocale };
  });

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The text for `locale`: its own, else its language's (`de-AT` -> `de`), else the fallback. */
export function textFor(text: LocalizedText, locale: string | null | undefined): string {
  return (locale && pickLocale(text.byLocale, locale)) ?? text.fallback;
}

/** The entry of `byLocale` for `locale` or its base language, if there is one. */
export function pickLocale<T>(byLocale: Record<string, T>, locale: string): T | undefined {
  const tag = locale.toLowerCase();
  return byLocale[tag] ?? byLocale[tag.split("-")[0] as string];
}
