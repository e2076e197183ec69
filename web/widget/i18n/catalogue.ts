import type { Language as TextLanguage } from "../../../src/platform/locale";
import { type Catalogue, en } from "./en";
import type { Language } from "./languages";

export { chooseLanguage } from "./languages";

// The widget's languages: the service's (LANGUAGES, src/platform/locale.ts), each a file like de.ts
// (typed Catalogue: no key can be missing) listed here, and its launcher's words and direction in
// languages.ts (which the loader reads too). English is built in (the fallback); the others are
// loaded on demand, so a customer's first load carries one language's words, not five.

const LOADERS: Record<TextLanguage, () => Promise<Catalogue>> = {
  en: async () => en,
  de: async () => (await import("./de")).de,
  fr: async () => (await import("./fr")).fr,
  es: async () => (await import("./es")).es,
  ar: async () => (await import("./ar")).ar,
};

/** The words of `language`; English if they cannot be loaded (the network dropped meanwhile). */
export function wordsOf(language: Language): Promise<Catalogue> {
  return LOADERS[language.base]().catch(() => en);
}
