import { chooseLanguage, wordsOf } from "./catalogue";

// The frame's language, chosen once as it loads: the `lang` the loader passed (the script tag's
// data-lang or data-locale, else the host page's <html lang>), else the browser's languages.

const asked = new URLSearchParams(location.search).get("lang");
export const language = chooseLanguage([asked, ...(navigator.languages ?? [navigator.language])]);
/** The widget's words in the customer's language. */
export const t = await wordsOf(language);

/** A time of day in the customer's language. */
export const timeOfDay = (iso: string) =>
  new Date(iso).toLocaleTimeString(language.locale, { hour: "2-digit", minute: "2-digit" });

/** A date (and time) in the customer's language. */
export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(language.locale, { dateStyle: "medium", timeStyle: "short" });

/** A whole number in the customer's language. */
export const count = (n: number) => new Intl.NumberFormat(language.locale).format(n);
