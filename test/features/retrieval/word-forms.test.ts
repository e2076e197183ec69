// Word forms of the help centre's other languages (src/features/kb/word-forms.ts) and elisions
// (core/search.ts's wordsOf): a question's words as an article holds them, in any of their forms.
import { describe, expect, it } from "vitest";
import { wordsOf } from "../../../src/core/search";
import { questionTerms } from "../../../src/features/kb/stop-words";
import { searchTerm, stemOf } from "../../../src/features/kb/word-forms";

describe("a word in German, French or Spanish", () => {
  it("is searched as its stem, its inflectional ending dropped", () => {
    expect(stemOf("aceptan", "es")).toBe("acept");
    expect(stemOf("aceptamos", "es")).toBe("acept");
    expect(stemOf("envíos", "es")).toBe("enví");
    expect(stemOf("retourner", "fr")).toBe("retourn");
    expect(stemOf("remboursement", "fr")).toBe("rembours");
    expect(stemOf("lieferungen", "de")).toBe("liefer");
    expect(stemOf("bestellt", "de")).toBe("bestell");
  });

  it("keeps a stem of four letters at least, and is left whole when none is left", () => {
    expect(stemOf("pagos", "es")).toBe("pago");
    expect(stemOf("pago", "es")).toBe("pago");
    expect(stemOf("tasse", "fr")).toBe("tass");
    expect(stemOf("thé", "fr")).toBeNull();
  });

  it("is a prefix term in those languages, the word itself in English, unknown ones and phrases", () => {
    expect(searchTerm("aceptan", "es")).toBe('"acept"*');
    expect(searchTerm("refunds", "en")).toBe('"refunds"');
    expect(searchTerm("refunds", null)).toBe('"refunds"');
    expect(searchTerm("money back", "fr")).toBe('"money back"');
    expect(searchTerm("thé", "fr")).toBe('"thé"');
    // A quote in the word is no FTS5 syntax.
    expect(searchTerm('pa"gos', "es")).toBe('"pago"*');
  });
});

describe("an elision", () => {
  it("is split from the word it joins, with either apostrophe", () => {
    expect(wordsOf("Je verse de l'eau d’une bouilloire")).toEqual([
      "je",
      "verse",
      "de",
      "eau",
      "une",
      "bouilloire",
    ]);
    expect(questionTerms("qu'il est bouillant, j'ai l'eau")).toEqual(["bouillant", "eau"]);
  });

  it("inside a word splits it as the index does", () => {
    expect(wordsOf("aujourd'hui jusqu’à la presqu'île")).toEqual([
      "aujourd",
      "hui",
      "jusqu",
      "à",
      "la",
      "presqu",
      "île",
    ]);
  });

  it("is not an English contraction, whose apostrophe is dropped as before", () => {
    expect(wordsOf("I don't think it's Jones' tea, I'm sure")).toEqual([
      "i",
      "dont",
      "think",
      "its",
      "jones",
      "tea",
      "im",
      "sure",
    ]);
  });
});
