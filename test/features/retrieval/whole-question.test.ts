// The question counts whole: a meaningful word no article uses weighs against answering, unless one
// article stands far ahead of the rest (a detail, a town, that no article needs to name). A tea
// shop's help centre of its own (its own D1): "tea" is in every article.
import { beforeAll, describe, expect, it } from "vitest";
import { ask, TEA_SHOP, writeArticle } from "./retrieval-helpers";

const ids: Record<string, string> = {};

beforeAll(async () => {
  const articles = {
    ...TEA_SHOP,
    returns: {
      title: "Returning an item",
      body: "Return unopened tea and unused teaware within 30 days of delivery.",
      tags: ["send back"],
    },
    damaged: {
      title: "Teaware that arrived damaged",
      body: "Send us a photo of the teapot: we send a new one, and you need not send it back.",
    },
  };
  for (const [key, article] of Object.entries(articles)) ids[key] = await writeArticle(article);
});

describe("a question counted whole", () => {
  it("hands off a question about what no article mentions, not the article holding its other words", async () => {
    // "coffee" is in no article: the storing article holds "storing" and "tea" only.
    expect(await ask("Storing tea and coffee?")).toMatchObject({ kind: "handed_off" });
  });

  it("answers from the one article far ahead of the rest, though a word (a town) is in none", async () => {
    expect(await ask("Brewing green tea in Lisbon?")).toMatchObject({
      kind: "answered",
      sources: [ids.brewing],
    });
  });

  it("hears a verb's other forms as the stop words they are", async () => {
    // "came" (as "come") says nothing: the question is about tea boxes, wholly.
    expect(await ask("the tea box came")).toMatchObject({
      kind: "answered",
      sources: [ids.gifts],
    });
  });

  it("fits a tag of two words as it fits a title or a phrasing", async () => {
    // The damaged article holds every word in its body ("send" and "back" apart); the returns article
    // has "send back" as a tag, as the customer wrote it: offered first, rather than the other answering.
    expect(await ask("Can I send back a teapot?")).toMatchObject({
      kind: "suggested",
      suggestions: [ids.returns, ids.damaged],
    });
  });
});
