// A help centre of one article (its own test file: its own D1). bm25 weighs a word in every article
// at nearly nothing, so a raw score never reached a threshold here; coverage does not collapse.
import { beforeAll, describe, expect, it } from "vitest";
import { ask, writeArticle } from "./retrieval-helpers";

let refunds: string;

beforeAll(async () => {
  refunds = await writeArticle({
    title: "Refund policy",
    body: "Refunds are paid to the card you paid with within 14 days of the return arriving.",
  });
});

describe("a help centre with one article", () => {
  it("answers its one question from it", async () => {
    expect(await ask("how do refunds work")).toMatchObject({
      kind: "answered",
      sources: [refunds],
    });
  });

  it("still hands off a question it does not answer", async () => {
    expect(await ask("Do you have a shop in Amsterdam?")).toMatchObject({ kind: "handed_off" });
  });
});
