// What only agents may see never reaches a customer: not agent-only fields, not internal notes, not
// the escalation reason, not an unread count that gives notes away, not an agent typing a note.
import { describe, expect, it } from "vitest";
import { AGENT_ONLY_FIELDS } from "../src/core/wire/chat";
import {
  act,
  agentToken,
  call,
  createSession,
  postJson,
  type StartedSession,
  supervisorToken,
} from "./helpers";
import { hasReady, openLive, seqsOf, type TestSocket } from "./live-helpers";

const NOTE = "NOTE-only-for-agents-7f3a";
const REASON = "REASON-only-for-agents-9c1d";

/** Every property name and every string inside a JSON value. */
function walk(value: unknown, keys: Set<string>, strings: string[]): void {
  if (typeof value === "string") strings.push(value);
  else if (Array.isArray(value)) for (const item of value) walk(item, keys, strings);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      keys.add(key);
      walk(inner, keys, strings);
    }
  }
}

function expectNothingForAgents(answers: { what: string; body: unknown }[]) {
  for (const { what, body } of answers) {
    const keys = new Set<string>();
    const strings: string[] = [];
    walk(body, keys, strings);
    for (const field of AGENT_ONLY_FIELDS) {
      expect(keys.has(field), `${what} carries ${field}`).toBe(false);
    }
    expect(
      strings.filter((s) => s.includes(NOTE) || s.includes(REASON)),
      `${what} carries internal content`,
    ).toEqual([]);
    expect(JSON.stringify(body), `${what} carries an internal message`).not.toContain(
      '"visibility":"internal"',
    );
  }
}

describe("a customer's answers", () => {
  it("never carry an agent-only field or internal content, over any operation or the socket", async () => {
    const answers: { what: string; body: unknown }[] = [];
    const started = await call("/sessions", { method: "POST", token: null });
    const session = await started.json<StartedSession>();
    answers.push({ what: "POST /sessions", body: session });
    const id = session.id;
    const customer = session.customer_token.token;

    // Agents at work: a note, an escalation with its reason, a public answer.
    const note = await postJson(
      `/sessions/${id}/messages`,
      { content: NOTE, visibility: "internal" },
      { token: agentToken },
    );
    expect(note.status).toBe(201);
    expect((await act(`/sessions/${id}/escalate`, agentToken, { reason: REASON })).status).toBe(
      200,
    );
    await postJson(`/sessions/${id}/messages`, { content: "Looking." }, { token: agentToken });

    /** A customer's call, kept with its answer. */
    const customerCall = async (what: string, path: string, init: RequestInit = {}) => {
      const response = await call(path, { ...init, token: customer });
      expect(response.status, what).toBeLessThan(300);
      answers.push({ what, body: await response.json() });
    };
    const body = (value: unknown): RequestInit => ({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(value),
    });
    const socket = await openLive(id, "?after_seq=0", { token: customer });
    await socket.until(hasReady);
    await customerCall("GET session", `/sessions/${id}`);
    await customerCall("GET messages after", `/sessions/${id}/messages?after_seq=0`);
    await customerCall("GET messages before", `/sessions/${id}/messages?before_seq=100`);
    await customerCall("POST message", `/sessions/${id}/messages`, body({ content: "Thanks" }));
    await customerCall("POST read", `/sessions/${id}/read`, body({ last_read_seq: 100 }));
    await customerCall("GET participants", `/sessions/${id}/participants`);
    await customerCall("POST live-ticket", `/sessions/${id}/live-ticket`, { method: "POST" });

    // Resolved (with the reason still on the session), then rated by the customer.
    expect((await act(`/sessions/${id}/resolve`, agentToken, {})).status).toBe(200);
    await customerCall("POST rating", `/sessions/${id}/rating`, body({ score: 4 }));
    await customerCall("GET session after rating", `/sessions/${id}`);
    await socket.until((frames) => seqsOf(frames).length >= 4);
    answers.push(...socket.frames.map((frame) => ({ what: `socket ${frame.type}`, body: frame })));

    expectNothingForAgents(answers);
    // The agents' view of the same session has every field and the note.
    const asAgent = await (await call(`/sessions/${id}`, { token: agentToken })).json();
    expect(asAgent).toMatchObject({ escalated: true, escalation_reason: REASON });
    expect(JSON.stringify(asAgent)).toContain(NOTE);
  });

  it("count as unread only the messages the customer may see", async () => {
    const session = await createSession();
    const read = (token: string | undefined, seq: number) =>
      act(`/sessions/${session.id}/read`, token ?? session.customer_token.token, {
        last_read_seq: seq,
      });
    expect((await read(undefined, 1)).body).toEqual({ last_read_seq: 1, unread: 0 });
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: NOTE, visibility: "internal" },
      { token: agentToken },
    );
    await postJson(`/sessions/${session.id}/messages`, { content: "Hi!" }, { token: agentToken });
    expect((await read(undefined, 1)).body).toEqual({ last_read_seq: 1, unread: 1 });
    // An agent (another than the writer) who read up to the greeting has both left to read.
    expect((await read(supervisorToken, 1)).body).toEqual({ last_read_seq: 1, unread: 2 });
  });
});

describe("typing", () => {
  async function room() {
    const session = await createSession();
    const customer = await openLive(session.id);
    const agent = await openLive(session.id, "", { token: agentToken });
    const supervisor = await openLive(session.id, "", { token: agentToken });
    for (const socket of [customer, agent, supervisor]) await socket.until(hasReady);
    return { session, customer, agent, supervisor };
  }
  const typingFrames = (socket: TestSocket) => socket.frames.filter((f) => f.type === "typing");

  it("of an internal note reaches other agents only, marked as such", async () => {
    const { session, customer, agent, supervisor } = await room();
    agent.send({ type: "typing", visibility: "internal" });
    await supervisor.until((frames) => frames.some((f) => f.type === "typing"));
    expect(typingFrames(supervisor)).toEqual([
      {
        type: "typing",
        role: "service_agent",
        name: "Alice",
        visibility: "internal",
        expires_at: expect.any(String),
      },
    ]);
    // A message sent after the typing reaches the customer after it would have: no typing came.
    await postJson(`/sessions/${session.id}/messages`, { content: "next" }, { token: agentToken });
    await customer.until((frames) => seqsOf(frames).includes(2));
    expect(typingFrames(customer)).toEqual([]);

    agent.send({ type: "typing" });
    await customer.until((frames) => frames.some((f) => f.type === "typing"));
    expect(typingFrames(customer)).toEqual([
      expect.objectContaining({ role: "service_agent", visibility: "public" }),
    ]);
  });

  it("of an internal note is refused from a customer", async () => {
    const { customer, agent } = await room();
    customer.send({ type: "typing", visibility: "internal" });
    await customer.until((frames) => frames.some((f) => f.type === "error"));
    expect(customer.frames.find((f) => f.type === "error")).toMatchObject({
      status: 403,
      problem_type: "/problems/forbidden",
    });
    expect(typingFrames(agent)).toEqual([]);
  });
});
