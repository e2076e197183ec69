// The offline responder's retrieval (no model: it answers with an article, offers a few, or hands
// off), on a small tea shop's help centre written for these tests: "tea" is in every article.
import { beforeAll, describe, expect, it } from "vitest";
import { call, mint } from "../../helpers";
import { admin, ask, converse, TEA_SHOP, writeArticle } from "./retrieval-helpers";

const ids: Record<string, string> = {};

beforeAll(async () => {
  const articles = {
    ...TEA_SHOP,
    refunds: { ...TEA_SHOP.refunds, phrasings: ["money back"] },
    cancelBox: {
      title: "Cancel a tea subscription",
      body: "Cancel the monthly tea subscription under Account, before the first of the month.",
    },
    cancelOrder: {
      title: "Cancel a tea order",
      body: "Cancel a tea order under Account until it is packed.",
    },
    lagern: {
      title: "Tee richtig lagern",
      body: "Bewahren Sie Tee luftdicht, dunkel und kühl auf.",
      locale: "de",
    },
    draft: { title: "Tea tasting events", body: "Tea tastings in Utrecht.", published: false },
    pago: {
      title: "Formas de pago",
      body: "Aceptamos tarjetas de crédito, PayPal y transferencias bancarias.",
      locale: "es",
    },
    plazos: {
      title: "Plazos de envío",
      body: "Enviamos los pedidos en dos días laborables.",
      locale: "es",
    },
  };
  for (const [key, article] of Object.entries(articles)) ids[key] = await writeArticle(article);
});

describe("relevance that does not depend on the number of articles", () => {
  it("answers from the article a question is about, although every article says tea", async () => {
    expect(await ask("How should I store my tea?")).toMatchObject({
      kind: "answered",
      sources: [ids.storing],
    });
  });

  it("answers nothing from a word every article holds alike", async () => {
    expect(await ask("tea?")).not.toMatchObject({ kind: "answered" });
  });

  it("hands off a question the articles hold only a small part of", async () => {
    const outcome = await ask("Do you sell matcha whisks for tea ceremonies?");
    expect(outcome).toMatchObject({ kind: "handed_off" });
    if (outcome.kind === "handed_off")
      expect(outcome.notice).toContain("connecting you with a person");
  });

  it("never answers from an unpublished article", async () => {
    expect(await ask("tea tasting events in Utrecht")).toMatchObject({ kind: "handed_off" });
  });
});

describe("the margin", () => {
  it("offers the articles alike when none stands out, and the customer can still ask for a person", async () => {
    const outcome = await ask("how do I cancel?");
    expect(outcome.kind).toBe("suggested");
    if (outcome.kind !== "suggested") return;
    expect(new Set(outcome.suggestions)).toEqual(new Set([ids.cancelBox, ids.cancelOrder]));
    expect(outcome.content).toContain("Did one of these help?");
    expect(outcome.content).toContain("Cancel a tea order");
  });

  it("answers when one of them stands clearly ahead", async () => {
    expect(await ask("how do I cancel my tea subscription?")).toMatchObject({
      kind: "answered",
      sources: [ids.cancelBox],
    });
  });
});

describe("words as customers write them", () => {
  it("finds an article by the phrasings its writer gave it", async () => {
    expect(await ask("I want my money back")).toMatchObject({
      kind: "answered",
      sources: [ids.refunds],
    });
  });

  it("finds it by the synonyms shipped with the service, with no list of the desk's", async () => {
    expect(await ask("when am I reimbursed?")).toMatchObject({
      kind: "answered",
      sources: [ids.refunds],
    });
  });

  it("finds it by the desk's synonyms, once the desk adds them", async () => {
    expect(await ask("when am I recompensed?")).toMatchObject({ kind: "handed_off" });
    const put = await call("/kb/synonyms/refunds", {
      method: "PUT",
      token: admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ synonyms: ["Recompensed", "repaid"] }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      term: "refunds",
      synonyms: ["recompensed", "repaid"],
    });
    expect(await ask("when am I recompensed?")).toMatchObject({
      kind: "answered",
      sources: [ids.refunds],
    });
  });

  it("takes a misspelt word for the word meant", async () => {
    expect(await ask("refnuds on tea orders")).toMatchObject({
      kind: "answered",
      sources: [ids.refunds],
    });
  });
});

describe("a follow-up", () => {
  it("that finds only the article just given hands off rather than give it again", async () => {
    const [first, second] = await converse(["how should I store tea?", "here"]);
    expect(first).toMatchObject({ kind: "answered", sources: [ids.storing] });
    expect(second).toMatchObject({ kind: "handed_off" });
  });

  it("that alone finds only the article just given hands off rather than give it again", async () => {
    const outcomes = await converse(["how should I store tea?", "how should I store tea?"]);
    expect(outcomes[0]).toMatchObject({ kind: "answered", sources: [ids.storing] });
    expect(outcomes[1]).toMatchObject({ kind: "handed_off" });
  });

  it("after articles offered, is answered from the one it asks about", async () => {
    const [offered, chosen] = await converse(["how do I cancel?", "cancel my tea subscription"]);
    expect(offered).toMatchObject({ kind: "suggested" });
    expect(chosen).toMatchObject({ kind: "answered", sources: [ids.cancelBox] });
  });

  it("is answered with the question before it when it finds another article", async () => {
    const [, second] = await converse(["how should I store tea?", "what about gift boxes"]);
    expect(second).toMatchObject({ kind: "answered", sources: [ids.gifts] });
  });
});

describe("small talk", () => {
  it("a thanks after an answer keeps the chat with the bot; a no after it says nothing else", async () => {
    const outcomes = await converse(["how should I store tea?", "thanks!", "no"]);
    expect(outcomes.map((o) => o.kind)).toEqual(["answered", "answered", "answered"]);
    for (const reply of outcomes.slice(1)) {
      expect(reply).toMatchObject({
        sources: [],
        content: "You're welcome! If there is anything else, just ask.",
      });
    }
  });

  it("asks what the customer wants to know when they only say they have a question, then answers it", async () => {
    const [asked, answered] = await converse(["Hi, I have a question", "how should I store tea?"]);
    expect(asked).toMatchObject({
      kind: "answered",
      sources: [],
      content: "Of course. What would you like to know?",
    });
    expect(answered).toMatchObject({ kind: "answered", sources: [ids.storing] });
    const [german] = await converse(["Können Sie mir helfen?"], "de");
    expect(german).toMatchObject({ kind: "answered", content: "Gern. Was möchten Sie wissen?" });
  });

  it("a 'that did not help' with nothing more to offer hands off as unhelpful, not as nothing found", async () => {
    const [, unhelpful] = await converse(["how should I store tea?", "that didn’t help"]);
    expect(unhelpful).toEqual({
      kind: "handed_off",
      notice: "Sorry that did not help: connecting you with a person.",
    });
  });

  it("a no to the articles offered hands off as unhelpful; a yes thanks", async () => {
    const [, no] = await converse(["how do I cancel?", "no"]);
    expect(no).toEqual({
      kind: "handed_off",
      notice: "Sorry that did not help: connecting you with a person.",
    });
    const [, yes] = await converse(["how do I cancel?", "yes 👍"]);
    expect(yes).toMatchObject({ kind: "answered", sources: [] });
  });
});

describe("the customer's language", () => {
  it("answers from an article in it, introduced in it", async () => {
    const outcome = await ask("Wie soll ich Tee lagern?", "de-AT");
    expect(outcome).toMatchObject({ kind: "answered", sources: [ids.lagern] });
    if (outcome.kind === "answered") expect(outcome.content).toMatch(/^Dieser Artikel/);
  });

  it("hands off in it when no article in it answers, never from another language's", async () => {
    const outcome = await ask("Wann bekomme ich mein Geld zurück? Refunds?", "de");
    expect(outcome).toMatchObject({ kind: "handed_off" });
    if (outcome.kind === "handed_off") {
      expect(outcome.notice).toBe(
        "Dazu habe ich keine Antwort gefunden: Ich verbinde Sie mit einem Menschen.",
      );
    }
  });

  it("finds an article that holds another form of its words", async () => {
    // "aceptáis" for the article's "aceptamos": the index stems English only.
    expect(await ask("¿Aceptáis transferencias?", "es")).toMatchObject({
      kind: "answered",
      sources: [ids.pago],
    });
  });

  it("does not answer an English customer from a German article", async () => {
    expect(await ask("Tee lagern", "en")).toMatchObject({ kind: "handed_off" });
  });

  it("is a language tag, or the session is refused", async () => {
    const started = await call("/sessions", {
      method: "POST",
      token: null,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ locale: "german please" }),
    });
    expect(started.status).toBe(400);
  });
});

describe("the synonym list", () => {
  it("is the desk's: listed, replaced and removed by admins and supervisors only", async () => {
    const agent = await mint({ subject: "agent-bo" });
    const denied = await call("/kb/synonyms/parcel", {
      method: "PUT",
      token: agent,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ synonyms: ["package"] }),
    });
    expect(denied.status).toBe(403);
    const bad = await call("/kb/synonyms/parcel", {
      method: "PUT",
      token: admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ synonyms: ['"package" OR x*'] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toContain("application/problem+json");
    await call("/kb/synonyms/Parcel", {
      method: "PUT",
      token: admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ synonyms: ["package"] }),
    });
    const list = await (await call("/kb/synonyms", { token: admin })).json<{
      synonyms: { term: string; synonyms: string[] }[];
    }>();
    expect(list.synonyms).toContainEqual(
      expect.objectContaining({ term: "parcel", synonyms: ["package"] }),
    );
    expect((await call("/kb/synonyms/parcel", { method: "DELETE", token: admin })).status).toBe(
      204,
    );
    expect((await call("/kb/synonyms/parcel", { method: "DELETE", token: admin })).status).toBe(
      404,
    );
  });
});
