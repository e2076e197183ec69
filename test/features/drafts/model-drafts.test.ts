// Drafts and summaries with a model (its own vitest project: AI_MODEL played by
// test/scripted-model.js, an 800 ms budget, one attempt, no AI first responder): what the model is
// sent (never a note unless asked), the draft's sources, nothing sent by itself, the fallbacks.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { DRAFT_PROMPT, SUMMARY_PROMPT } from "../../../src/features/responder/prompt";
import {
  act,
  agentToken,
  call,
  createSession,
  mint,
  postJson,
  supervisorToken,
} from "../../helpers";
import { createTeam, fresh, json } from "../routing/routing-helpers";

interface Step {
  kind: "answer" | "handoff" | "fail" | "hang";
  reply?: string;
  sources?: readonly string[];
}

interface ScriptedModel {
  script(steps: Step[]): Promise<void>;
  calls(): Promise<{ inputs: { messages: { role: string; content: string }[] } }[]>;
}

interface DraftBody {
  draft: string | null;
  sources: { id: string; title: string }[];
  reason: string | null;
  suggestions: { articles: { id: string }[]; replies: { id: string; text: string }[] };
}

const model = (env as unknown as { SCRIPTED_MODEL: ScriptedModel }).SCRIPTED_MODEL;
const admin = await mint({ role: "admin", subject: "ada" });
const articles: Record<string, string> = {};

beforeAll(async () => {
  for (const [key, title, body] of [
    ["refund", "Refund policy", "Refunds are paid back within 14 days of the return arriving."],
    ["shipping", "Shipping times", "Parcels ship within two working days."],
  ] as const) {
    const answer = await act("/kb/articles", admin, { title, body });
    expect(answer.status).toBe(201);
    articles[key] = (answer.body as { id: string }).id;
  }
});

/** A session where the customer asked about a refund and an agent left a note. */
async function conversation() {
  const session = await createSession();
  const path = `/sessions/${session.id}/messages`;
  expect((await postJson(path, { content: "Hello, I bought boots last week" })).status).toBe(201);
  expect((await postJson(path, { content: "How do I get a refund?" })).status).toBe(201);
  const note = await postJson(
    path,
    { content: "VIP, discount code 4411", visibility: "internal" },
    { token: agentToken },
  );
  expect(note.status).toBe(201);
  return session;
}

async function ask(kind: "draft" | "summary", id: string, body?: unknown, token = agentToken) {
  const response = await call(`/sessions/${id}/${kind}`, {
    method: "POST",
    ...(body !== undefined && { headers: { "Content-Type": "application/json" } }),
    body: body === undefined ? undefined : JSON.stringify(body),
    token,
  });
  return response;
}

const sent = async () =>
  (await model.calls()).map((c) => c.inputs.messages.map((m) => m.content).join("\n"));

describe("a draft with a model", () => {
  it("is written from the articles and the public conversation, with its sources, and not sent", async () => {
    const session = await conversation();
    const before = await (await call(`/sessions/${session.id}`, { token: agentToken })).json<{
      last_seq: number;
    }>();
    await model.script([{ kind: "answer", reply: "Refunds arrive within 14 days of the return." }]);
    const response = await ask("draft", session.id);
    expect(response.status).toBe(200);
    const draft = await response.json<DraftBody>();
    expect(draft).toMatchObject({
      draft: "Refunds arrive within 14 days of the return.",
      sources: [{ id: articles.refund, title: "Refund policy" }],
      reason: null,
    });
    expect(draft.suggestions.articles.map((a) => a.id)).toContain(articles.refund);
    const [prompt, ...others] = await sent();
    expect(others).toEqual([]);
    expect(prompt).toContain(DRAFT_PROMPT);
    expect(prompt).toContain("How do I get a refund?");
    expect(prompt).toContain("Hello, I bought boots last week");
    expect(prompt).toContain(`<article id="${articles.refund}"`);
    expect(prompt).not.toContain("4411");
    const after = await (await call(`/sessions/${session.id}`, { token: agentToken })).json<{
      last_seq: number;
    }>();
    expect(after.last_seq).toBe(before.last_seq);
  });

  it("sends the internal notes to the model only when the agent asks", async () => {
    const session = await conversation();
    await model.script([{ kind: "answer", reply: "Refunds take 14 days." }]);
    expect((await ask("draft", session.id, { include_notes: false })).status).toBe(200);
    expect((await sent()).join()).not.toContain("4411");
    await model.script([{ kind: "answer", reply: "Refunds take 14 days." }]);
    expect((await ask("draft", session.id, { include_notes: true })).status).toBe(200);
    expect((await sent()).join()).toContain(
      "(Internal note, for agents only) VIP, discount code 4411",
    );
  });

  it("answers with suggestions within the budget when the model hangs", async () => {
    const session = await conversation();
    await model.script([{ kind: "hang" }]);
    const started = Date.now();
    const response = await ask("draft", session.id);
    const took = Date.now() - started;
    expect(response.status).toBe(200);
    const draft = await response.json<DraftBody>();
    expect(draft).toMatchObject({ draft: null, sources: [], reason: "model_timeout" });
    expect(draft.suggestions.articles.map((a) => a.id)).toContain(articles.refund);
    expect(took).toBeLessThan(3_000);
  });

  it.each([
    ["fails", { kind: "fail" }, "model_failure"],
    ["hands off", { kind: "handoff" }, "model_declined"],
    [
      "names no article it was given",
      { kind: "answer", reply: "Yes.", sources: ["made-up"] },
      "model_failure",
    ],
  ] as const)("is none when the model %s (%s)", async (_, step, reason) => {
    const session = await conversation();
    await model.script([step]);
    const draft = await (await ask("draft", session.id)).json<DraftBody>();
    expect(draft).toMatchObject({ draft: null, sources: [], reason });
  });

  it("asks nothing of the model when no article matches", async () => {
    const session = await createSession();
    await postJson(`/sessions/${session.id}/messages`, { content: "zyxwv qqqq" });
    await model.script([]);
    const draft = await (await ask("draft", session.id)).json<DraftBody>();
    expect(draft).toMatchObject({ draft: null, reason: "no_match" });
    expect(await sent()).toEqual([]);
  });
});

describe("a summary with a model", () => {
  it("is the model's, from the public conversation unless notes are asked for", async () => {
    const session = await conversation();
    await model.script([{ kind: "answer", reply: "The customer wants a refund for boots." }]);
    const response = await ask("summary", session.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      summary: "The customer wants a refund for boots.",
      by: "model",
      reason: null,
      messages: 3,
    });
    const [prompt] = await sent();
    expect(prompt).toContain(SUMMARY_PROMPT);
    expect(prompt).not.toContain("4411");
    await model.script([{ kind: "answer", reply: "A VIP wants a refund." }]);
    const withNotes = await (await ask("summary", session.id, { include_notes: true })).json();
    expect(withNotes).toMatchObject({ summary: "A VIP wants a refund.", messages: 4 });
    expect((await sent()).join()).toContain("4411");
  });

  it("falls back to the customer's own words when the model hangs", async () => {
    const session = await conversation();
    await model.script([{ kind: "hang" }]);
    const summary = await (await ask("summary", session.id)).json();
    expect(summary).toEqual({
      summary:
        '3 messages. The customer first wrote: "Hello, I bought boots last week" Their latest message: "How do I get a refund?"',
      by: "excerpt",
      reason: "model_timeout",
      messages: 3,
    });
  });
});

describe("who may draft", () => {
  it("staff who work on the session: not customers, not admins, not another team's agent", async () => {
    const member = fresh("agent");
    const team = await createTeam({ id: fresh("team"), members: [member] });
    const session = await createSession(json("POST", { team_id: team.id }, null));
    await postJson(`/sessions/${session.id}/messages`, { content: "refund please" });
    const outsider = await mint({ subject: fresh("agent") });
    const insider = await mint({ subject: member });
    for (const kind of ["draft", "summary"] as const) {
      await model.script([{ kind: "answer", reply: "Refunds take 14 days." }]);
      expect((await ask(kind, session.id, undefined, outsider)).status).toBe(403);
      expect((await ask(kind, session.id, undefined, session.customer_token.token)).status).toBe(
        403,
      );
      expect((await ask(kind, session.id, undefined, admin)).status).toBe(403);
      expect((await ask(kind, session.id, undefined, null as unknown as string)).status).toBe(401);
      expect((await ask(kind, session.id, undefined, insider)).status).toBe(200);
      await model.script([{ kind: "answer", reply: "Refunds take 14 days." }]);
      expect((await ask(kind, session.id, undefined, supervisorToken)).status).toBe(200);
    }
    expect((await ask("draft", crypto.randomUUID())).status).toBe(404);
    expect((await ask("draft", session.id, { include_notes: "yes" })).status).toBe(400);
  });
});
