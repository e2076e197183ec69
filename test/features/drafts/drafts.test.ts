// Drafts and summaries with no model configured (the default): suggestions and excerpts, nothing
// invented.
import { beforeAll, describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  mint,
  postJson,
  supervisorToken,
} from "../../helpers";

const admin = await mint({ role: "admin", subject: "ada" });
let refund = "";

beforeAll(async () => {
  const answer = await act("/kb/articles", admin, {
    title: "Refund policy",
    body: "Refunds are paid back within 14 days of the return arriving.",
  });
  refund = (answer.body as { id: string }).id;
  await act("/kb/articles", admin, { title: "Shipping times", body: "Parcels ship in two days." });
});

describe("with no model", () => {
  it("a draft is the best-matching articles and saved replies, filled in; no text", async () => {
    const matching = await act("/saved-replies", supervisorToken, {
      shortcut: `refund-${crypto.randomUUID().slice(0, 6)}`,
      title: "Refund timing",
      text: "Hi {{customer.name}}, your refund arrives within 14 days.",
    });
    const unrelated = await act("/saved-replies", supervisorToken, {
      shortcut: `hours-${crypto.randomUUID().slice(0, 6)}`,
      title: "Opening hours",
      text: "We are open from nine to five.",
    });
    const session = await createSession({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ contact: { name: "Grace" } }),
    });
    await postJson(`/sessions/${session.id}/messages`, { content: "When will my refund arrive?" });
    const response = await call(`/sessions/${session.id}/draft`, {
      method: "POST",
      token: agentToken,
    });
    expect(response.status).toBe(200);
    const draft = await response.json<{
      draft: null;
      reason: string;
      sources: unknown[];
      suggestions: {
        articles: { id: string; title: string }[];
        replies: { id: string; text: string }[];
      };
    }>();
    expect(draft).toMatchObject({ draft: null, reason: "no_model", sources: [] });
    expect(draft.suggestions.articles.map((a) => a.title)).toEqual(["Refund policy"]);
    expect(draft.suggestions.articles[0]?.id).toBe(refund);
    expect(draft.suggestions.replies.map((r) => r.id)).toEqual([
      (matching.body as { id: string }).id,
    ]);
    expect(draft.suggestions.replies[0]?.text).toBe(
      "Hi Grace, your refund arrives within 14 days.",
    );
    expect(draft.suggestions.replies.map((r) => r.id)).not.toContain(
      (unrelated.body as { id: string }).id,
    );
  });

  it("a summary is the customer's own first and latest words", async () => {
    const session = await createSession();
    for (const content of ["My parcel is late", "It was due Monday", "Any news?"]) {
      await postJson(`/sessions/${session.id}/messages`, { content });
    }
    const response = await call(`/sessions/${session.id}/summary`, {
      method: "POST",
      token: agentToken,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      summary:
        '4 messages. The customer first wrote: "My parcel is late" Their latest message: "Any news?"',
      by: "excerpt",
      reason: "no_model",
      messages: 4,
    });
  });

  it("a summary of a session with one message says one message, and that the customer has not written", async () => {
    const session = await createSession();
    const response = await call(`/sessions/${session.id}/summary`, {
      method: "POST",
      token: agentToken,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      summary: "1 message. The customer has not written yet.",
      messages: 1,
    });
  });
});
