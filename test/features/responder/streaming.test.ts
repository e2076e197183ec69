// Streamed answers (their own vitest project: AI_STREAM on, the scripted Workers AI binding streaming
// server-sent events): the customer's socket sees the reply grow, then the stored message takes the
// draft's place; a socket that drops mid-answer resumes with the stored message, once; a stream that
// breaks or ends in a handoff leaves nothing stored as an answer and withdraws what was shown.
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ServerFrame } from "../../../src/features/live/protocol";
import {
  act,
  agentToken,
  call,
  createSession,
  mint,
  postJson,
  type SessionBody,
  type StartedSession,
} from "../../helpers";
import { hasReady, openLive, type TestSocket } from "../../live-helpers";

interface Step {
  kind: "answer" | "handoff" | "fail" | "break" | "garbage";
  reply?: string;
  sources?: string[];
  pieceChars?: number;
  pieceMs?: number;
}

const model = (
  env as unknown as {
    SCRIPTED_MODEL: {
      script(steps: Step[]): Promise<void>;
      calls(): Promise<{ inputs: { stream?: boolean } }[]>;
    };
  }
).SCRIPTED_MODEL;
const admin = await mint({ role: "admin", subject: "ada" });
const REPLY =
  "Refunds are paid back within 14 days of the return arriving, to the card you paid with. \u00dcber \u{1F4B3} too.";

beforeAll(async () => {
  const answer = await act("/kb/articles", admin, {
    title: "Refund policy",
    body: "Refunds are paid back within 14 days of the return arriving.",
  });
  expect(answer.status).toBe(201);
});

beforeEach(() => model.script([]));

const say = (session: StartedSession, content: string) =>
  postJson(`/sessions/${session.id}/messages`, { content });
const asAgent = async (id: string) =>
  (await call(`/sessions/${id}`, { token: agentToken })).json<SessionBody>();
const drafts = (frames: ServerFrame[]) => frames.flatMap((f) => (f.type === "draft" ? [f] : []));
const botMessages = (frames: ServerFrame[]) =>
  frames.flatMap((f) =>
    f.type === "message" && f.message.author_type === "bot" ? [f.message] : [],
  );
const hasBot = (frames: ServerFrame[]) => botMessages(frames).length > 0;
const handedOff = (frames: ServerFrame[]) =>
  frames.some((f) => f.type === "message" && f.message.content.includes("person"));

/** Every draft is the one before it and more, all of one id. */
function expectGrowing(list: { id: string; text: string }[]) {
  expect(new Set(list.map((d) => d.id)).size).toBe(1);
  for (const [i, draft] of list.entries()) {
    if (i > 0) expect(draft.text.startsWith(list[i - 1]?.text ?? "")).toBe(true);
    if (i > 0) expect(draft.text.length).toBeGreaterThan(list[i - 1]?.text.length ?? 0);
  }
}

async function liveSession() {
  const session = await createSession();
  const socket = await openLive(session.id);
  await socket.until(hasReady);
  return { session, socket };
}

describe("a streamed answer", () => {
  it("reaches the socket as it is written, then the stored message replaces it by id", async () => {
    const { session, socket } = await liveSession();
    await model.script([{ kind: "answer", reply: REPLY, pieceChars: 6, pieceMs: 30 }]);
    await say(session, "How long does a refund take?");
    await socket.until(hasBot);
    const shown = drafts(socket.frames);
    expect(shown.length).toBeGreaterThan(3);
    expectGrowing(shown);
    expect(shown[0]?.text.length).toBeLessThan(REPLY.length);
    expect(shown.at(-1)?.text).toBe(REPLY);
    const [stored] = botMessages(socket.frames);
    expect(stored).toMatchObject({ id: shown[0]?.id, content: REPLY });
    // Drafts come before their message, never after it; nothing else is stored.
    const lastDraft = socket.frames.findLastIndex((f) => f.type === "draft");
    const message = socket.frames.findIndex(
      (f) => f.type === "message" && f.message.author_type === "bot",
    );
    expect(lastDraft).toBeLessThan(message);
    const calls = await model.calls();
    expect(calls.map((c) => c.inputs.stream)).toEqual([true]);
    const after = await asAgent(session.id);
    expect(after.messages.filter((m) => m.author_type === "bot").map((m) => m.content)).toEqual([
      REPLY,
    ]);
    expect(JSON.stringify(after)).not.toContain('"draft"');
  });

  it("a socket that drops mid-answer resumes with the reply so far, then the stored message once", async () => {
    const { session, socket } = await liveSession();
    await model.script([{ kind: "answer", reply: REPLY, pieceChars: 4, pieceMs: 30 }]);
    await say(session, "refund please, how long?");
    await socket.until((frames) => drafts(frames).length >= 2);
    const seen = Math.max(...socket.seqs());
    socket.ws.close(1000, "network gone");
    const back = await openLive(session.id, `?after_seq=${seen}`);
    await back.until(hasBot);
    const ready = back.frames.findIndex((f) => f.type === "ready");
    const resumed = drafts(back.frames);
    // The reply was still being written: the first frame after ready is the draft so far.
    expect(back.frames[ready + 1]?.type).toBe("draft");
    expect(resumed[0]?.text.length).toBeGreaterThan(0);
    expect(resumed[0]?.id).toBe(drafts(socket.frames)[0]?.id);
    expectGrowing(resumed);
    const stored = botMessages(back.frames);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: resumed[0]?.id, content: REPLY });
    expect(new Set(back.seqs()).size).toBe(back.seqs().length);

    // Once stored, a socket that comes back gets the message from D1 and no draft.
    const later = await openLive(session.id, `?after_seq=${seen}`);
    await later.until(hasReady);
    expect(botMessages(later.frames).map((m) => m.id)).toEqual([stored[0]?.id]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drafts(later.frames)).toEqual([]);
  });

  it("a stream that breaks is withdrawn and tried again; the retry's answer is stored once", async () => {
    const { session, socket } = await liveSession();
    await model.script([
      { kind: "break", reply: REPLY, pieceChars: 6 },
      { kind: "answer", reply: "Within 14 days.", pieceChars: 3 },
    ]);
    await say(session, "When are refunds paid back?");
    await socket.until(hasBot);
    const withdrawn = socket.frames.findIndex((f) => f.type === "draft_discarded");
    expect(withdrawn).toBeGreaterThan(0);
    const before = drafts(socket.frames.slice(0, withdrawn));
    expect(before.length).toBeGreaterThan(0);
    expect(before.at(-1)?.text.length).toBeLessThan(REPLY.length);
    const stored = botMessages(socket.frames);
    expect(stored.map((m) => m.content)).toEqual(["Within 14 days."]);
    expect(drafts(socket.frames.slice(withdrawn)).at(-1)).toMatchObject({
      id: stored[0]?.id,
      text: "Within 14 days.",
    });
  });

  it("a stream that breaks on every attempt hands off and stores no half answer", async () => {
    const { session, socket } = await liveSession();
    await model.script([
      { kind: "break", reply: REPLY },
      { kind: "break", reply: REPLY },
    ]);
    await say(session, "When are refunds paid back?");
    await socket.until(handedOff);
    expect(drafts(socket.frames).length).toBeGreaterThan(0);
    const shownIds = new Set(drafts(socket.frames).map((d) => d.id));
    const withdrawnIds = new Set(
      socket.frames.flatMap((f) => (f.type === "draft_discarded" ? [f.id] : [])),
    );
    expect(withdrawnIds).toEqual(shownIds);
    const after = await asAgent(session.id);
    expect(after.status).toBe("open");
    expect(after.messages.filter((m) => m.author_type === "bot")).toEqual([]);
  });

  it("an answer citing no article it was given is withdrawn and handed off", async () => {
    const { session, socket } = await liveSession();
    await model.script([{ kind: "answer", reply: REPLY, sources: ["made-up"] }]);
    await say(session, "When are refunds paid back?");
    await socket.until(handedOff);
    const [shown] = drafts(socket.frames);
    expect(shown?.text.length).toBeGreaterThan(0);
    expect(socket.frames.some((f) => f.type === "draft_discarded" && f.id === shown?.id)).toBe(
      true,
    );
    expect(botMessages(socket.frames)).toEqual([]);
  });

  it("a handoff's words are never shown while it streams", async () => {
    const { session, socket } = await liveSession();
    await model.script([{ kind: "handoff" }]);
    await say(session, "When are refunds paid back?");
    await socket.until(handedOff);
    expect(drafts(socket.frames)).toEqual([]);
    expect(socket.frames.some((f) => f.type === "draft_discarded")).toBe(false);
  });
});

describe("sockets that are not the customer's", () => {
  it("an agent watching sees the same drafts and message", async () => {
    const session = await createSession();
    const agent = await openLive(session.id, "", { token: agentToken });
    await agent.until(hasReady);
    await model.script([{ kind: "answer", reply: REPLY }]);
    await say(session, "refund?");
    await agent.until(hasBot);
    expectGrowing(drafts(agent.frames));
    expect(botMessages(agent.frames)[0]?.id).toBe(drafts(agent.frames)[0]?.id);
  });

  it("a desk that watches gets the stored message but no drafts, nor the current one on joining", async () => {
    const { session, socket } = await liveSession();
    await model.script([{ kind: "answer", reply: REPLY, pieceChars: 4, pieceMs: 30 }]);
    await say(session, "When are refunds paid back?");
    await socket.until((frames) => drafts(frames).length >= 2);
    const watching = await openLive(session.id, "?after_seq=1&watch=true", { token: agentToken });
    await watching.until(hasBot);
    await socket.until(hasBot);
    expect(drafts(socket.frames).length).toBeGreaterThan(2);
    expect(
      watching.frames.filter((f) => f.type === "draft" || f.type === "draft_discarded"),
    ).toEqual([]);
    expect(botMessages(watching.frames).map((m) => m.content)).toEqual([REPLY]);
  });
});

export type { TestSocket };
