import { describe, expect, it } from "vitest";
import { type SmallTalk, smallTalkOf } from "../../../src/features/responder/small-talk";

/** Each text is small talk of `kind` (null: not small talk). */
function kindsAre(texts: string[], kind: SmallTalk | null) {
  for (const text of texts) expect(smallTalkOf(text), text).toBe(kind);
}

describe("small talk", () => {
  it("is a message that only greets", () => {
    kindsAre(
      [
        "hi",
        "Hello there!",
        "good morning",
        "Guten Tag",
        "bonjour",
        "¡Hola!",
        "مرحبا",
        "Hi there, good morning to you and all the team, hope you are doing well!",
        "hi, how are you?",
        "hiii",
        "Hallo zusammen",
        "Grüß Gott",
        "أهلا وسهلا",
        "صباح الخير",
      ],
      "greeting",
    );
  });

  it("or only thanks, in any language, or is an emoji", () => {
    kindsAre(
      [
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
        // As customers write them.
        "thnx",
        "thank u",
        "thankyou",
        "tysm",
        "got it",
        "all good",
        "sounds good",
        "thanks for your help",
        "Thank you for the help!",
        "much appreciated",
        "appreciate it",
        "cheers mate",
        "that’s great, thanks",
        "Dankeschön!",
        "alles klar",
        "passt, danke",
        "ok gut",
        "Danke für die Hilfe",
        "merci bcp",
        "merci à vous !",
        "c'est parfait",
        "merci, bonne soirée",
        "top merci",
        "graciaaas",
        "mil gracias",
        "gracias por tu ayuda",
        "muy bien, gracias",
        "hasta luego",
        "شكرا لك",
        "تمام",
        "ممتاز، شكرا",
      ],
      "thanks",
    );
  });

  it("or only says no", () => {
    kindsAre(["no", "Nope.", "nein", "non", "لا"], "no");
  });

  it("or only asks for help without saying with what", () => {
    kindsAre(
      [
        "I have a question",
        "Hi, can you help me please?",
        "help",
        "I need help",
        "Ich habe eine Frage",
        "Können Sie mir helfen?",
        "J’ai une question",
        "pouvez-vous m'aider svp",
        "Tengo una pregunta",
        "necesito ayuda",
        "عندي سؤال",
      ],
      "opener",
    );
    // A thanks or a no comes first.
    expect(smallTalkOf("thanks for your help")).toBe("thanks");
    expect(smallTalkOf("no, I need help")).toBe("no");
  });

  it("is not a message that says anything more", () => {
    kindsAre(
      [
        "hi, where is my order?",
        "thanks but that did not help",
        "ok so how do refunds work",
        "hello I need a refund",
        "I have a question about my order",
        "can you help me with a return",
        "ich brauche Hilfe bei meiner Bestellung",
        "no, I want a refund",
        "good",
        "how are you?",
        "thanks for nothing",
        "ok but I still have not got my refund",
        "no I mean the other order",
        "not good at all",
        "thanks, and what about returns?",
        "I have not got it",
        "?",
        "",
        "   ",
      ],
      null,
    );
  });
});
