// Requests as the document describes them are served: a resolution with no body, a transfer in either
// of its two shapes (and neither both nor none), a skill such as lang:de. Every request goes through
// `call`, so each is also held against the document (test/request-contract.ts).
import { describe, expect, it } from "vitest";
import { act, agentToken, call, createSession, type SessionBody, supervisorToken } from "./helpers";

/** A session of this file, assigned to Alice (the agent of `agentToken`). */
async function assignedSession() {
  const session = await createSession();
  const assigned = await act(`/sessions/${session.id}/assign`, supervisorToken, {
    agent_id: "agent-alice",
    agent_name: "Alice",
  });
  expect(assigned.status).toBe(200);
  return session;
}

const resolve = (id: string, init: RequestInit = {}) =>
  call(`/sessions/${id}/resolve`, { method: "POST", token: agentToken, ...init });

describe("POST /sessions/{id}/resolve", () => {
  it("resolves with no body at all, as resolved", async () => {
    const session = await assignedSession();
    const response = await resolve(session.id);
    expect(response.status).toBe(200);
    expect(await response.json<SessionBody>()).toMatchObject({
      status: "resolved",
      outcome: "resolved",
    });
  });

  it("reads an empty body labelled JSON as no body", async () => {
    const session = await assignedSession();
    const headers = { "Content-Type": "application/json" };
    const response = await resolve(session.id, { headers, body: "" });
    expect(response.status).toBe(200);
    expect(await response.json<SessionBody>()).toMatchObject({ outcome: "resolved" });
  });

  it("takes the outcome a body names, and refuses one that is not an outcome", async () => {
    const session = await assignedSession();
    const refused = await act(`/sessions/${session.id}/resolve`, agentToken, { outcome: "won" });
    expect(refused.status).toBe(400);
    const spam = await act(`/sessions/${session.id}/resolve`, agentToken, { outcome: "spam" });
    expect(spam).toMatchObject({ status: 200, body: { status: "resolved", outcome: "spam" } });
  });
});

describe("POST /sessions", () => {
  it("starts a session with no body, or an empty one labelled JSON, as with {}", async () => {
    const none = await call("/sessions", { method: "POST" });
    expect(none.status).toBe(201);
    const headers = { "Content-Type": "application/json" };
    const empty = await call("/sessions", { method: "POST", headers, body: "" });
    expect(empty.status).toBe(201);
    for (const response of [none, empty]) {
      expect(await response.json<SessionBody>()).toMatchObject({ status: "open", last_seq: 1 });
    }
  });

  it("refuses a body of another type, and an empty one it cannot read as JSON", async () => {
    const text = { "Content-Type": "text/plain" };
    expect((await call("/sessions", { method: "POST", headers: text, body: "hi" })).status).toBe(
      415,
    );
    const json = { "Content-Type": "application/json" };
    expect((await call("/sessions", { method: "POST", headers: json, body: "{" })).status).toBe(
      400,
    );
  });
});

describe("POST /sessions/{id}/transfer", () => {
  const team = `doc-${crypto.randomUUID().slice(0, 8)}`;

  it("moves a session to a team's queue given team_id alone", async () => {
    const created = await act("/teams", supervisorToken, {
      id: team,
      name: "Docs",
      routing: "manual",
    });
    expect(created.status).toBe(201);
    const session = await assignedSession();
    const moved = await act(`/sessions/${session.id}/transfer`, agentToken, { team_id: team });
    expect(moved).toMatchObject({
      status: 200,
      body: { status: "open", team_id: team, assignee: null },
    });
  });

  it("hands a session to an agent given agent_id", async () => {
    const session = await assignedSession();
    const handed = await act(`/sessions/${session.id}/transfer`, agentToken, {
      agent_id: "agent-bob",
      agent_name: "Bob",
    });
    expect(handed).toMatchObject({ status: 200, body: { assignee: { id: "agent-bob" } } });
  });

  it.each([
    ["both an agent and a team", { agent_id: "agent-bob", team_id: "billing" }],
    ["neither", {}],
    ["a name without an agent", { agent_name: "Bob" }],
    ["an agent id with a NUL", { agent_id: "ghost\u0000" }],
    ["an agent id with a right-to-left override", { agent_id: "\u202ebob" }],
    ["an agent id of spaces", { agent_id: "  " }],
    ["a name with a right-to-left override", { agent_id: "agent-bob", agent_name: "Gh\u202eost" }],
  ])("refuses %s, changing nothing", async (_, body) => {
    const session = await assignedSession();
    const refused = await act(`/sessions/${session.id}/transfer`, agentToken, body);
    expect(refused).toMatchObject({ status: 400, body: { type: "/problems/validation-error" } });
    const after = await call(`/sessions/${session.id}`, { token: supervisorToken });
    expect(await after.json<SessionBody>()).toMatchObject({
      status: "assigned",
      assignee: { id: "agent-alice" },
    });
  });
});

describe("agent ids", () => {
  it("are refused with a control character or a direction mark, as a team member or an assignee", async () => {
    const team = await act("/teams", supervisorToken, {
      id: `ids-${crypto.randomUUID().slice(0, 8)}`,
      name: "Ids",
      routing: "manual",
      members: ["eve\u2066"],
    });
    expect(team).toMatchObject({ status: 400, body: { type: "/problems/validation-error" } });
    const session = await createSession();
    const assigned = await act(`/sessions/${session.id}/assign`, supervisorToken, {
      agent_id: "gh\u0007ost",
    });
    expect(assigned.status).toBe(400);
    const after = await call(`/sessions/${session.id}`, { token: supervisorToken });
    expect(await after.json<SessionBody>()).toMatchObject({ assignee: null });
  });
});

describe("skills with a colon", () => {
  it("starts a session that requires lang:de, and gives an agent that skill", async () => {
    const started = await call("/sessions", {
      method: "POST",
      token: null,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ skill: "lang:de" }),
    });
    expect(started.status).toBe(201);
    const { id } = await started.json<SessionBody>();
    const read = await call(`/sessions/${id}`, { token: supervisorToken });
    expect(await read.json<SessionBody>()).toMatchObject({ required_skill: "lang:de" });

    const skills = await call("/agents/agent-doc/skills", {
      method: "PUT",
      token: supervisorToken,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ skills: ["lang:de"] }),
    });
    expect(skills.status).toBe(200);
    expect(await skills.json()).toMatchObject({ id: "agent-doc", skills: ["lang:de"] });
  });
});

describe("a JSON body as the document declares it (application/json, UTF-8)", () => {
  const send = (id: string, contentType: string, body: string | Uint8Array) =>
    call(`/sessions/${id}/messages`, {
      method: "POST",
      headers: { "Content-Type": contentType },
      body,
    });
  const storedSeq = async (id: string) =>
    (await (await call(`/sessions/${id}`, { token: agentToken })).json<SessionBody>()).last_seq;

  it("refuses bytes that are not UTF-8 (400), never storing U+FFFD in their place", async () => {
    const session = await createSession();
    // {"content":"caf\xe9"}: a Latin-1 client's é.
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode('{"content":"caf'),
      0xe9,
      0x22,
      0x7d,
    ]);
    const refused = await send(session.id, "application/json", latin1);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({
      type: "/problems/validation-error",
      errors: [{ path: "body", message: "must be well-formed UTF-8" }],
    });
    expect(await storedSeq(session.id)).toBe(1);
  });

  it("refuses a +json type and a charset other than UTF-8 (415), and reads UTF-8 as before", async () => {
    const session = await createSession();
    const body = JSON.stringify({ content: "café" });
    for (const type of ["application/vnd.api+json", "application/json; charset=latin1"]) {
      const refused = await send(session.id, type, body);
      expect(refused.status, type).toBe(415);
      expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    }
    expect(await storedSeq(session.id)).toBe(1);
    for (const type of ["application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]) {
      expect((await send(session.id, type, body)).status, type).toBe(201);
    }
    const stored = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(stored.messages.filter((m) => m.content === "café")).toHaveLength(2);
  });
});

describe("JSON bodies", () => {
  const headers = { "Content-Type": "application/json; charset=utf-8" };
  const customer = (session: { customer_token: { token: string } }) => session.customer_token.token;

  it("reads a body as sent: non-ASCII text kept, a leading byte order mark skipped", async () => {
    const session = await createSession();
    const content = "Grüße, 你好 👋 \u202eright";
    const bytes = new TextEncoder().encode(`\ufeff${JSON.stringify({ content })}`);
    const response = await call(`/sessions/${session.id}/messages`, {
      method: "POST",
      token: customer(session),
      headers,
      body: bytes,
    });
    expect(response.status).toBe(201);
    expect(await response.json<SessionBody>()).toMatchObject({ message: { content } });
  });

  it("refuses JSON that does not parse, or parses to what the schema refuses, storing nothing", async () => {
    const session = await createSession();
    for (const body of ['{"content": "hi"', '{"content": 5}', "[]", "null"]) {
      const response = await call(`/sessions/${session.id}/messages`, {
        method: "POST",
        token: customer(session),
        headers,
        body,
      });
      expect(response.status, body).toBe(400);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    }
    const read = await call(`/sessions/${session.id}`, { token: customer(session) });
    expect(await read.json<SessionBody>()).toMatchObject({ last_seq: 1 });
  });
});
