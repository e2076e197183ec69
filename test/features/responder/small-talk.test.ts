import { describe, expect, it } from "vitest";
import { smallTalkOf } from "../../../src/features/responder/small-talk";

describe("small talk", () => {
  it("is a message that only greets", () => {
    for (const text of [
      "hi",
      "Hello there!",
      "good morning",
      "Guten Tag",
      "bonjour",
      "¡Hola!",
      "مرحبا",
    ]) {
      expect(smallTalkOf(text), text).toBe("greeting");
    }
  });

  it("or only thanks, in any language, or is an emoji", () => {
    for (const text of [
      "thanks!",
      "Thank you so much",
      "ok great",
      "got it, thanks",
      "Danke schön",
      "vielen Dank",
      "merci beaucoup",
      "muchas gracias",
      "شكراً",
      "hi, thanks",
      "no thanks",
      "yes",
      "Oui !",
      "👍",
      "🙏🙏",
    ]) {
      expect(smallTalkOf(text), text).toBe("thanks");
    }
  });

  it("or only says no", () => {
    for (const text of ["no", "Nope.", "nein", "non", "لا"]) {
      expect(smallTalkOf(text), text).toBe("no");
    }
  });

  it("is not a message that says anything more", () => {
    for (const text of [
      "hi, where is my order?",
      "thanks but that did not help",
      "ok so how do refunds work",
      "hello I need a refund",
      "no, I want a refund",
      "good",
      "?",
      "",
      "   ",
    ]) {
      expect(smallTalkOf(text), text).toBeNull();
    }
  });
});
