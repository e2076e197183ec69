// Hybrid retrieval (its own vitest project: AI_RETRIEVAL=hybrid, no model), with the embeddings of a
// scripted Workers AI (test/scripted-model.js: one topic a text) kept in a scripted Vectorize.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../../helpers";
import { admin, ask, writeArticle } from "../retrieval-helpers";

interface Control {
  topics(topics: Record<string, string[]>): Promise<void>;
  failEmbeddings(fail: boolean): Promise<void>;
  vectors(): Promise<{ id: string; metadata: Record<string, string> }[]>;
}
const control = (env as unknown as { SCRIPTED_MODEL: Control }).SCRIPTED_MODEL;

const ids = { refunds: "", shipping: "" };

/** The index's vector ids once `done` holds of them (the index is written after the answer). */
async function indexed(done: (ids: string[]) => boolean) {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const vectors = (await control.vectors()).map((v) => v.id);
    if (done(vectors)) return vectors;
    if (Date.now() > deadline) throw new Error(`index never reached it: ${vectors.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  await control.topics({ refund: ["reimbursement", "reimbursed"], shipping: ["courier"] });
  ids.refunds = await writeArticle({
    title: "Refund policy",
    body: "Refunds are paid within 14 days.",
  });
  ids.shipping = await writeArticle({
    title: "Shipping times",
    body: "Parcels ship within two working days.",
  });
  await indexed((vectors) => vectors.includes(ids.refunds) && vectors.includes(ids.shipping));
});

describe("hybrid retrieval", () => {
  it("keeps every published article's vector in the index, with its locale", async () => {
    const vectors = await control.vectors();
    expect(vectors).toContainEqual({ id: ids.refunds, metadata: { locale: "en" } });
    expect(vectors).toContainEqual({ id: ids.shipping, metadata: { locale: "en" } });
  });

  it("answers from what the embeddings find where no word of the question is in an article", async () => {
    expect(await ask("How soon is a reimbursement made?")).toMatchObject({
      kind: "answered",
      sources: [ids.refunds],
    });
  });

  it("still answers from the words, and hands off what neither finds", async () => {
    expect(await ask("shipping times please")).toMatchObject({
      kind: "answered",
      sources: [ids.shipping],
    });
    expect(await ask("Do you have a shop in Amsterdam?")).toMatchObject({ kind: "handed_off" });
  });

  it("drops an article's vector when it is unpublished or deleted", async () => {
    const id = await writeArticle({ title: "Courier services", body: "We use DHL." });
    await indexed((vectors) => vectors.includes(id));
    const unpublished = await call(`/kb/articles/${id}`, {
      method: "PUT",
      token: admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Courier services", body: "We use DHL.", published: false }),
    });
    expect(unpublished.status).toBe(200);
    await indexed((vectors) => !vectors.includes(id));
    const id2 = await writeArticle({ title: "Couriers", body: "We use PostNL." });
    await indexed((vectors) => vectors.includes(id2));
    expect((await call(`/kb/articles/${id2}`, { method: "DELETE", token: admin })).status).toBe(
      204,
    );
    await indexed((vectors) => !vectors.includes(id2));
  });

  it("never fails an article's write when the embeddings do (the next save indexes it)", async () => {
    await control.failEmbeddings(true);
    try {
      const id = await writeArticle({ title: "Gift cards", body: "Gift cards last two years." });
      expect((await call(`/kb/articles/${id}`, { token: admin })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await control.vectors()).map((v) => v.id)).not.toContain(id);
    } finally {
      await control.failEmbeddings(false);
    }
  });
});
