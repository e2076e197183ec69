// Who may do what: every caller against every operation, from one table.
import { describe, expect, it } from "vitest";
import { agentToken, call, createSession, mint, postJson, testApp } from "./helpers";

type Caller = "none" | "own customer" | "other customer" | "service_agent" | "supervisor" | "admin";
type Operation = "start session" | "read session" | "list messages" | "send message" | "health";

/** The expected status of each cell; the README's permission table says the same. */
const MATRIX: Record<Operation, Record<Caller, number>> = {
  "start session": {
    none: 201,
    "own customer": 201,
    "other customer": 201,
    service_agent: 201,
    supervisor: 201,
    admin: 201,
  },
  "read session": {
    none: 401,
    "own customer": 200,
    "other customer": 404,
    service_agent: 200,
    supervisor: 200,
    admin: 200,
  },
  "list messages": {
    none: 401,
    "own customer": 200,
    "other customer": 404,
    service_agent: 200,
    supervisor: 200,
    admin: 200,
  },
  "send message": {
    none: 401,
    "own customer": 201,
    "other customer": 404,
    service_agent: 201,
    supervisor: 201,
    admin: 403,
  },
  health: {
    none: 200,
    "own customer": 200,
    "other customer": 200,
    service_agent: 200,
    supervisor: 200,
    admin: 200,
  },
};

const session = await createSession();
const other = await createSession();
const tokens: Record<Caller, string | null> = {
  none: null,
  "own customer": session.customer_token.token,
  "other customer": other.customer_token.token,
  service_agent: agentToken,
  supervisor: await mint({ role: "supervisor", subject: "sam" }),
  admin: await mint({ role: "admin", subject: "ada" }),
};

const operations: Record<Operation, (token: string | null) => Promise<Response>> = {
  "start session": (token) => call("/sessions", { method: "POST", token }),
  "read session": (token) => call(`/sessions/${session.id}`, { token }),
  "list messages": (token) => call(`/sessions/${session.id}/messages?after_seq=0`, { token }),
  "send message": (token) =>
    postJson(`/sessions/${session.id}/messages`, { content: "hi" }, { token }),
  health: (token) => call("/health", { token }),
};

const cells = Object.entries(MATRIX).flatMap(([operation, row]) =>
  Object.entries(row).map(([caller, status]) => [operation, caller, status] as const),
);

describe("the permission matrix", () => {
  it.each(cells)("%s by %s answers %i", async (operation, caller, status) => {
    const response = await operations[operation as Operation](tokens[caller as Caller]);
    expect(response.status).toBe(status);
    if (status >= 400) {
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    if (status === 401)
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="support-chat"');
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
  it("restores the original open behaviour, with the author from the body", async () => {
    const { request } = testApp({ vars: { AUTH_REQUIRED: "false" } });
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
