// The original service's suite, ported, plus what the port adds to the same endpoints.
import { describe, expect, it } from "vitest";
import {
  call,
  createSession,
  env,
  mint,
  postJson,
  type SessionBody,
  type StartedSession,
  sequentialIds,
  testApp,
} from "../../helpers";

const GREETING = "Hello, how may I help you?";

/** The app with a clock the test sets (`clock.now`) and predictable ids. */
function pinnedApp(start: string) {
  const clock = { now: start };
  const { request } = testApp({ clock: () => new Date(clock.now), newId: sequentialIds() });
  const post = (path: string, body: unknown, token: string) =>
    request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  return { request, post, clock };
}

describe("POST /sessions", () => {
  it("creates a session holding exactly the greeting, from service_agent, at created_at", async () => {
    const { request } = pinnedApp("2026-11-24T10:00:00.000Z");
    const response = await request("/sessions", { method: "POST" });
    expect(response.status).toBe(201);
    const { customer_token, ...session } = await response.json<StartedSession>();
    expect(customer_token).toEqual({
      token: expect.any(String),
      expires_at: "2026-11-24T14:00:00.000Z",
    });
    expect(session).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_at: "2026-11-24T10:00:00.000Z",
      updated_at: "2026-11-24T10:00:00.000Z",
      status: "open",
      last_seq: 1,
      // No priority or escalation: the answer goes to the customer's widget (agents' fields only).
      customer: { id: expect.stringMatching(/^customer:/), name: null },
      assignee: null,
      queued_at: "2026-11-24T10:00:00.000Z",
      first_response_at: null,
      assigned_at: null,
      resolved_at: null,
      outcome: null,
      team_id: null,
      locale: null,
      rating: null,
      has_older_messages: false,
      messages: [
        {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          seq: 1,
          author_type: "service_agent",
          content: GREETING,
          timestamp: "2026-11-24T10:00:00.000Z",
          client_message_id: null,
          author_name: null,
          visibility: "public",
        },
      ],
    });
  });

  it("gives every session its own id", async () => {
    const [a, b] = await Promise.all([createSession(), createSession()]);
    expect(a.id).not.toBe(b.id);
  });

  it("greets with the configured DEFAULT_MESSAGE", async () => {
    const { request } = testApp({
      vars: { DEFAULT_MESSAGE: "Hi! An agent will be with you shortly." },
    });
    const session = await (await request("/sessions", { method: "POST" })).json<SessionBody>();
    expect(session.messages.map((m) => m.content)).toEqual([
      "Hi! An agent will be with you shortly.",
    ]);
  });
});

describe("POST /sessions/{id}/messages", () => {
  it("grows the session to 2 then 3 messages, the last one matching what was sent", async () => {
    const { request, post, clock } = pinnedApp("2026-11-24T11:00:00.000Z");
    const session = await (await request("/sessions", { method: "POST" })).json<StartedSession>();
    clock.now = "2026-11-24T11:00:01.000Z";

    const first = await post(
      `/sessions/${session.id}/messages`,
      { author_type: "customer", content: "My order has not arrived." },
      session.customer_token.token,
    );
    expect(first.status).toBe(201);
    const afterFirst = await first.json<SessionBody>();
    expect(afterFirst.message?.author_name).toBeNull();
    expect(afterFirst.messages).toHaveLength(2);
    expect(afterFirst.messages[1]).toMatchObject({
      seq: 2,
      author_type: "customer",
      content: "My order has not arrived.",
      timestamp: "2026-11-24T11:00:01.000Z",
    });
    expect(afterFirst.message).toEqual(afterFirst.messages[1]);
    expect(afterFirst.updated_at).toBe("2026-11-24T11:00:01.000Z");
    expect(afterFirst.created_at).toBe("2026-11-24T11:00:00.000Z");

    clock.now = "2026-11-24T11:00:02.000Z";
    const second = await post(
      `/sessions/${session.id}/messages`,
      { author_type: "service_agent", content: "Let me check that for you." },
      // Issued by the app's own (pinned) clock: a token from its future would be refused.
      await mint({ subject: "agent-alice", name: "Alice" }, new Date(clock.now)),
    );
    expect(second.status).toBe(201);
    const afterSecond = await second.json<SessionBody>();
    expect(afterSecond.messages.map((m) => [m.seq, m.author_type, m.content])).toEqual([
      [1, "service_agent", GREETING],
      [2, "customer", "My order has not arrived."],
      [3, "service_agent", "Let me check that for you."],
    ]);
    expect(afterSecond.last_seq).toBe(3);
    expect(afterSecond.message?.author_name).toBe("Alice");
  });

  it("answers 404 for an unknown session and stores nothing", async () => {
    const unknown = crypto.randomUUID();
    const response = await postJson(`/sessions/${unknown}/messages`, { content: "Hello?" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      status: 404,
      type: "/problems/not-found",
      detail: `Chat session ${unknown} does not exist.`,
    });
    const count = await env.DB.prepare(
      "select count(*) as n from chat_messages where session_id = ?",
    )
      .bind(unknown)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("GET /sessions/{id}", () => {
  it("reads back, before and after a message, exactly what was written", async () => {
    const { customer_token, ...created } = await createSession();
    const before = await (await call(`/sessions/${created.id}`)).json<SessionBody>();
    expect(before).toEqual(created);

    const posted = await (
      await postJson(`/sessions/${created.id}/messages`, { author_type: "customer", content: "Hi" })
    ).json<SessionBody>();
    const after = await (await call(`/sessions/${created.id}`)).json<SessionBody>();
    const { message, ...postedSession } = posted;
    expect(after).toEqual(postedSession);
    expect(after.messages.at(-1)).toEqual(message);
  });

  it("answers 404 for an unknown session", async () => {
    const response = await call(`/sessions/${crypto.randomUUID()}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it.each([
    "not-a-uuid",
    "1234",
    "3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e9",
    "3f0e4c1e8a3b4d6f9a571f2b6c7d8e90",
  ])("answers 404 for the id %s, which is not a UUID", async (id) => {
    const response = await call(`/sessions/${id}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, type: "/problems/not-found" });
  });

  it("accepts an upper-case UUID and answers in lower case", async () => {
    const { id } = await createSession();
    const response = await call(`/sessions/${id.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect((await response.json<SessionBody>()).id).toBe(id);

    const posted = await postJson(`/sessions/${id.toUpperCase()}/messages`, {
      author_type: "customer",
      content: "upper",
    });
    expect(posted.status).toBe(201);
    expect((await posted.json<SessionBody>()).id).toBe(id);
  });

  it("stores timestamps as RFC 3339 UTC with milliseconds", async () => {
    const { id } = await createSession();
    const body = await (
      await postJson(`/sessions/${id}/messages`, { author_type: "customer", content: "time" })
    ).json<SessionBody>();
    for (const value of [
      body.created_at,
      body.updated_at,
      ...body.messages.map((m) => m.timestamp),
    ]) {
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });
});
