// The stop words retrieval drops live beside it (src/features/kb/stop-words.ts): core's list is
// English only, and the knowledge base adds the other languages' function words to it.
import { describe, expect, it } from "vitest";
import { meaningfulTerms } from "../../../src/core/search";
import { questionQuery, questionTerms } from "../../../src/features/kb/stop-words";

describe("a question's words", () => {
  it("are without German, French and Spanish function words", () => {
    expect(questionTerms("Wie lange dauert die Lieferung nach Österreich?")).toEqual([
      "lange",
      "dauert",
      "lieferung",
      "österreich",
    ]);
    expect(questionTerms("Combien de temps pour la livraison ?")).toEqual(["temps", "livraison"]);
    expect(questionTerms("¿Cuánto tarda el envío a Madrid?")).toEqual(["tarda", "envío", "madrid"]);
    expect(questionQuery("Où est mon colis ?")).toBe('"colis"');
  });

  it("are without the other forms of the English verbs core drops", () => {
    expect(questionTerms("my parcel came, he said it gets here")).toEqual(["parcel"]);
  });

  it("are core's English words plus these (core alone keeps another language's)", () => {
    expect(meaningfulTerms("wie lange dauert die lieferung")).toContain("die");
    expect(meaningfulTerms("the tracking page says nothing")).toEqual([
      "tracking",
      "page",
      "says",
      "nothing",
    ]);
  });
});
