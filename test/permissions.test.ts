// Who may do what: every caller against every operation, from one table.
import { describe, expect, it, vi } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  mint,
  postJson,
  type StartedSession,
  supervisorToken,
  testApp,
} from "./helpers";

const CALLERS = [
  "none",
  "own customer",
  "other customer",
  "service_agent",
  "supervisor",
  "admin",
] as const;
type Caller = (typeof CALLERS)[number];

/**
 * The expected status of each cell, one row per operation, callers in the order of CALLERS:
 * no token, the session's own customer, another session's customer, agent, supervisor, admin.
 * docs/permissions.md's operations table is generated from it (npm run docs).
 */
const MATRIX: Record<string, [number, number, number, number, number, number]> = {
  "start session": [201, 201, 201, 201, 201, 201],
  "read session": [401, 200, 404, 200, 200, 200],
  "list messages": [401, 200, 404, 200, 200, 200],
  "send message": [401, 201, 404, 201, 201, 403],
  "write internal note": [401, 403, 404, 201, 201, 403],
  "mark read": [401, 200, 404, 200, 200, 200],
  "list participants": [401, 200, 404, 200, 200, 200],
  "rate (resolved)": [401, 200, 404, 403, 403, 403],
  "list the queue": [401, 403, 403, 200, 200, 200],
  "claim from the queue": [401, 403, 403, 200, 200, 403],
  assign: [401, 403, 403, 403, 200, 403],
  "transfer (assigned to the agent)": [401, 403, 403, 200, 200, 403],
  "list transfer targets (assigned to the agent)": [401, 403, 403, 200, 200, 403],
  escalate: [401, 403, 403, 200, 200, 403],
  resolve: [401, 403, 403, 200, 200, 403],
  "set an agent's capacity": [401, 403, 403, 403, 200, 200],
  "read analytics": [401, 403, 403, 403, 200, 200],
  "take (a waiting session)": [401, 403, 403, 200, 200, 403],
  "write an article": [401, 403, 403, 403, 201, 201],
  "list articles": [401, 403, 403, 403, 200, 200],
  "search the knowledge base": [401, 200, 200, 200, 200, 200],
  "create a team": [401, 403, 403, 403, 201, 201],
  "read teams and routing rules": [401, 403, 403, 200, 200, 200],
  "replace the routing rules": [401, 403, 403, 403, 200, 200],
  "choose online or away": [401, 403, 403, 200, 200, 403],
  "list agents, set their skills": [401, 403, 403, 403, 200, 200],
  "export a customer's data": [401, 403, 403, 403, 403, 200],
  "read a customer's contact": [401, 403, 403, 200, 200, 200],
  "change a contact": [401, 403, 403, 200, 200, 200],
  "declare a contact attribute": [401, 403, 403, 403, 200, 200],
  "list the emails sent of a session": [401, 403, 403, 200, 200, 200],
  "list labels": [401, 403, 403, 200, 200, 200],
  "create a label": [401, 403, 403, 403, 201, 201],
  "label a session": [401, 403, 403, 200, 200, 403],
  "read a session's labels": [401, 403, 403, 200, 200, 200],
  "export the session list as CSV": [401, 403, 403, 403, 200, 200],
  "export analytics as CSV": [401, 403, 403, 403, 200, 200],
  "save a reply": [401, 403, 403, 403, 201, 201],
  "list saved replies": [401, 403, 403, 200, 200, 200],
  "saved replies filled in for a session": [401, 403, 403, 200, 200, 403],
  "draft a reply": [401, 403, 403, 200, 200, 403],
  "summarise a session": [401, 403, 403, 200, 200, 403],
  health: [200, 200, 200, 200, 200, 200],
};

const fixed: Record<Exclude<Caller, "own customer" | "other customer">, string | null> = {
  none: null,
  service_agent: agentToken, // subject agent-alice
  supervisor: supervisorToken,
  admin: await mint({ role: "admin", subject: "ada" }),
};

/** Each cell gets a fresh session (so no cell sees another's changes) and the caller's token. */
async function cell(caller: Caller) {
  const session = await createSession();
  const token =
    caller === "own customer"
      ? session.customer_token.token
      : caller === "other customer"
        ? (await createSession()).customer_token.token
        : fixed[caller];
  return { session, token };
}

const aLabel = (
  await act("/labels", supervisorToken, {
    name: `Permissions ${crypto.randomUUID()}`.slice(0, 40),
    colour: "#1d4ed8",
  })
).body as { id: string };

type Operation = (s: StartedSession, token: string | null) => Promise<{ status: number }>;
const session = (s: StartedSession, rest = "") => `/sessions/${s.id}${rest}`;
const assignToAlice = (s: StartedSession) =>
  act(session(s, "/assign"), supervisorToken, { agent_id: "agent-alice", agent_name: "Alice" });

const OPERATIONS: Record<string, Operation> = {
  "start session": (_, token) => call("/sessions", { method: "POST", token }),
  "read session": (s, token) => call(session(s), { token }),
  "list messages": (s, token) => call(session(s, "/messages?after_seq=0"), { token }),
  "send message": (s, token) => postJson(session(s, "/messages"), { content: "hi" }, { token }),
  "write internal note": (s, token) =>
    postJson(session(s, "/messages"), { content: "note", visibility: "internal" }, { token }),
  "mark read": (s, token) => act(session(s, "/read"), token, { last_read_seq: 1 }),
  "list participants": (s, token) => call(session(s, "/participants"), { token }),
  "rate (resolved)": async (s, token) => {
    await act(session(s, "/resolve"), supervisorToken, {});
    return act(session(s, "/rating"), token, { score: 5 });
  },
  "list the queue": (_, token) => call("/sessions", { token }),
  "claim from the queue": (_, token) => act("/queue/claim", token),
  assign: (s, token) => act(session(s, "/assign"), token, { agent_id: "agent-zed" }),
  "transfer (assigned to the agent)": async (s, token) => {
    await assignToAlice(s);
    return act(session(s, "/transfer"), token, { agent_id: "agent-bob" });
  },
  "list transfer targets (assigned to the agent)": async (s, token) => {
    await assignToAlice(s);
    return call(session(s, "/transfer-targets"), { token });
  },
  escalate: (s, token) => act(session(s, "/escalate"), token, { reason: "why not" }),
  resolve: (s, token) => act(session(s, "/resolve"), token, {}),
  "set an agent's capacity": (_, token) =>
    call("/agents/agent-x/capacity", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ capacity: 3 }),
      token,
    }),
  "read analytics": (_, token) =>
    call("/analytics/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", { token }),
  "take (a waiting session)": async (s, token) => {
    // Other cells give the fixed agents sessions: room enough that capacity never answers here.
    for (const agent of ["agent-alice", "sam"]) {
      await call(`/agents/${agent}/capacity`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ capacity: 1000 }),
        token: supervisorToken,
      });
    }
    return act(session(s, "/take"), token);
  },
  "write an article": (_, token) => act("/kb/articles", token, { title: "t", body: "b" }),
  "list articles": (_, token) => call("/kb/articles", { token }),
  "search the knowledge base": (_, token) => call("/kb/search?q=refund", { token }),
  "create a team": (_, token) =>
    act("/teams", token, { id: `t-${crypto.randomUUID().slice(0, 8)}`, name: "T" }),
  "read teams and routing rules": async (_, token) => {
    const teams = await call("/teams", { token });
    const rules = await call("/routing/rules", { token });
    expect(rules.status).toBe(teams.status);
    return teams;
  },
  "replace the routing rules": (_, token) => put("/routing/rules", { rules: [] }, token),
  "choose online or away": (_, token) => put("/agents/me/status", { status: "online" }, token),
  "list agents, set their skills": async (_, token) => {
    const list = await call("/agents", { token });
    const skills = await put("/agents/agent-x/skills", { skills: ["billing"] }, token);
    expect(skills.status).toBe(list.status);
    return list;
  },
  "export a customer's data": (s, token) =>
    call(`/customers/${encodeURIComponent(s.customer?.id ?? "")}/export`, { token }),
  "read a customer's contact": (s, token) =>
    call(`/contacts/${encodeURIComponent(s.customer?.id ?? "")}`, { token }),
  "change a contact": (s, token) =>
    call(`/contacts/${encodeURIComponent(s.customer?.id ?? "")}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Renamed" }),
      token,
    }),
  "list the emails sent of a session": (s, token) => call(session(s, "/emails"), { token }),
  "declare a contact attribute": (_, token) =>
    put("/contact-attributes/plan", { type: "string", label: "Plan" }, token),
  "list labels": (_, token) => call("/labels", { token }),
  "create a label": (_, token) =>
    act("/labels", token, { name: `L ${crypto.randomUUID().slice(0, 8)}`, colour: "#0f766e" }),
  "label a session": (s, token) => put(session(s, `/labels/${aLabel.id}`), undefined, token),
  "read a session's labels": (s, token) => call(session(s, "/labels"), { token }),
  "export the session list as CSV": (_, token) => call("/exports/sessions", { token }),
  "export analytics as CSV": (_, token) =>
    call("/exports/analytics?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", { token }),
  "save a reply": (_, token) =>
    act("/saved-replies", token, {
      shortcut: `r-${crypto.randomUUID().slice(0, 8)}`,
      title: "T",
      text: "Hi {{customer.name}}",
    }),
  "list saved replies": (_, token) => call("/saved-replies", { token }),
  "saved replies filled in for a session": (s, token) =>
    call(session(s, "/saved-replies"), { token }),
  "draft a reply": (s, token) => call(session(s, "/draft"), { method: "POST", token }),
  "summarise a session": (s, token) => call(session(s, "/summary"), { method: "POST", token }),
  health: (_, token) => call("/health", { token }),
};

function put(path: string, body: unknown, token: string | null) {
  return call(path, {
    method: "PUT",
    ...(body !== undefined && {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
    token,
  });
}

const cells = Object.entries(MATRIX).flatMap(([operation, row]) =>
  CALLERS.map((caller, i) => [operation, caller, row[i] as number] as const),
);

describe("the permission matrix", () => {
  it.each(cells)("%s by %s answers %i", async (operation, caller, status) => {
    const { session: s, token } = await cell(caller);
    const response = await (OPERATIONS[operation] as Operation)(s, token);
    expect(response.status).toBe(status);
  });

  it("answers every refusal as problem JSON, a missing token with a Bearer challenge", async () => {
    const { session: s } = await cell("none");
    const missing = await call(session(s), { token: null });
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="support-chat"');
    const forbidden = await call("/sessions", { token: s.customer_token.token });
    expect(forbidden.headers.get("content-type")).toBe("application/problem+json");
  });

  it("without public session creation, needs a token to start one", async () => {
    const { request } = testApp({ vars: { PUBLIC_SESSION_CREATION: "false" } });
    expect((await request("/sessions", { method: "POST" })).status).toBe(401);
    const withToken = await request("/sessions", {
      method: "POST",
      headers: { Authorization: `Bearer ${agentToken}` },
    });
    expect(withToken.status).toBe(201);
  });
});

describe("a caller whose role may never do it", () => {
  it("is refused (403) before the request is read: a bad query or body does not make it a 400", async () => {
    const own = await createSession();
    const customer = own.customer_token.token;
    const admin = await mint({ role: "admin", subject: "ada", name: "Ada" });
    const refusals: [string, RequestInit & { token: string }][] = [
      ["/analytics/summary", { token: customer }],
      ["/analytics/summary", { token: agentToken }],
      ["/audit", { token: agentToken }],
      ["/audit", { token: supervisorToken }],
      ["/exports/analytics", { token: customer }],
      ["/sessions?limit=-1", { token: customer }],
      ["/contacts?limit=-1", { token: customer }],
      ["/labels", { token: agentToken, method: "POST", body: "{}" }],
      ["/webhooks/endpoints", { token: supervisorToken, method: "POST", body: '{"url":5}' }],
      ["/queue/claim", { token: admin, method: "POST" }],
      [`/sessions/${own.id}/assign`, { token: customer, method: "POST", body: "{}" }],
      [`/sessions/${own.id}/transfer`, { token: admin, method: "POST", body: "{}" }],
      [`/sessions/${own.id}/escalate`, { token: customer, method: "POST", body: "{}" }],
      [`/sessions/${own.id}/rating`, { token: agentToken, method: "POST", body: "{}" }],
      [`/sessions/${own.id}/messages`, { token: admin, method: "POST", body: "{}" }],
      [`/sessions/${own.id}/draft`, { token: customer, method: "POST", body: "garbage{" }],
      ["/queue/live-ticket?team=", { token: customer, method: "POST" }],
    ];
    for (const [path, init] of refusals) {
      const headers = init.body ? { "Content-Type": "application/json" } : undefined;
      const response = await call(path, { ...init, headers });
      expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(403);
      expect(await response.json()).toMatchObject({ type: "/problems/forbidden" });
    }
    // A role that may is told what is wrong with its request.
    expect((await call("/analytics/summary", { token: supervisorToken })).status).toBe(400);
    expect((await call("/audit", { token: admin })).status).toBe(400);
  });
});

describe("the author of a message", () => {
  it.each([
    ["a customer", "customer", "customer", 201],
    ["a customer", undefined, "customer", 201],
    ["a customer", "service_agent", null, 403],
    ["an agent", "service_agent", "service_agent", 201],
    ["an agent", undefined, "service_agent", 201],
    ["an agent", "customer", null, 403],
  ])("sent by %s claiming %s is stored as %s (%i)", async (who, claimed, stored, status) => {
    const { id, customer_token } = await createSession();
    const token = who === "a customer" ? customer_token.token : agentToken;
    const response = await postJson(
      `/sessions/${id}/messages`,
      { content: "who am I", ...(claimed && { author_type: claimed }) },
      { token },
    );
    expect(response.status).toBe(status);
    const body = await response.json<{ message?: { author_type: string }; last_seq: number }>();
    if (stored) expect(body.message?.author_type).toBe(stored);
    else expect(body).toMatchObject({ type: "/problems/forbidden" });
  });

  it("takes the agent's display name from the token", async () => {
    const { id } = await createSession();
    const token = await mint({ subject: "bob", name: "Bob from Billing" });
    const body = await (
      await postJson(`/sessions/${id}/messages`, { content: "Hello, Bob here." }, { token })
    ).json<{ message: { author_name: string } }>();
    expect(body.message.author_name).toBe("Bob from Billing");
  });

  it("shows a token's name without control characters or direction marks", async () => {
    const { id } = await createSession();
    const token = await mint({ subject: "gus", name: " Gh\u202eost\u0000 \u2066Gus\u2069" });
    const body = await (
      await postJson(`/sessions/${id}/messages`, { content: "Hello." }, { token })
    ).json<{ message: { author_name: string } }>();
    expect(body.message.author_name).toBe("Ghost Gus");
  });
});

describe("a customer", () => {
  it("cannot read, page or write another customer's session, which looks unknown", async () => {
    const mine = await createSession();
    const theirs = await createSession();
    const token = mine.customer_token.token;
    for (const response of [
      await call(`/sessions/${theirs.id}`, { token }),
      await call(`/sessions/${theirs.id}/messages`, { token }),
      await postJson(`/sessions/${theirs.id}/messages`, { content: "peek" }, { token }),
    ]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        detail: `Chat session ${theirs.id} does not exist.`,
      });
    }
    const untouched = await (await call(`/sessions/${theirs.id}`, { token: agentToken })).json<{
      last_seq: number;
    }>();
    expect(untouched.last_seq).toBe(1);
  });

  it("keeps their subject when starting another session with their token", async () => {
    const first = await createSession();
    const second = await (
      await call("/sessions", { method: "POST", token: first.customer_token.token })
    ).json<{ id: string; customer_token: { token: string } }>();
    const payload = (token: string) => JSON.parse(atob(token.split(".")[1] as string));
    expect(payload(second.customer_token.token)).toMatchObject({
      sub: payload(first.customer_token.token).sub,
      sid: second.id,
      role: "customer",
    });
  });
});

describe("AUTH_REQUIRED=false", () => {
  it("restores the original open behaviour, with the author from the body, and warns", async () => {
    const warnings: string[] = [];
    const warn = vi
      .spyOn(console, "warn")
      .mockImplementation((line: string) => warnings.push(line));
    const { request } = testApp({ vars: { AUTH_REQUIRED: "false" } });
    warn.mockRestore();
    expect(warnings.map((line) => JSON.parse(line))).toEqual([
      { level: "warn", message: expect.stringContaining("AUTH_REQUIRED is false") },
    ]);
    const created = await request("/sessions", { method: "POST" });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();
    const send = (body: unknown) =>
      request(`/sessions/${id}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await send({ author_type: "service_agent", content: "open" })).status).toBe(201);
    const missing = await send({ content: "who?" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      errors: [{ path: "body.author_type", message: "is required without a bearer token" }],
    });
    expect((await request(`/sessions/${id}`)).status).toBe(200);
  });
});
