// Requests built at random (from a fixed seed, so every run sends the same ones) across every route,
// method, caller, query and body: none may answer 5xx, every refusal is problem JSON that names its own
// status, every answer carries X-Request-Id, no-store and nosniff, and (through `call`) every answer
// to an operation of the document is what the document says.
import { describe, expect, it } from "vitest";
import { isPage } from "../src/platform/http/pages";
import { agentToken, call, createSession, mint, supervisorToken } from "./helpers";

/** A small deterministic generator (mulberry32). */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

type Caller = "none" | "customer" | "agent" | "supervisor";

/** One valid request per operation; each random request starts from one and spoils some of it. */
const VALID: { method: string; path: string; caller: Caller; body?: unknown }[] = [
  { method: "GET", path: "/health", caller: "none" },
  { method: "POST", path: "/sessions", caller: "none" },
  { method: "GET", path: "/sessions?status=open&order=triage", caller: "agent" },
  { method: "GET", path: "/sessions/{id}?limit=10", caller: "customer" },
  { method: "POST", path: "/sessions/{id}/messages", caller: "customer", body: { content: "hi" } },
  { method: "GET", path: "/sessions/{id}/messages?after_seq=0&limit=5", caller: "agent" },
  { method: "GET", path: "/sessions/{id}/messages?before_seq=3", caller: "customer" },
  { method: "POST", path: "/sessions/{id}/live-ticket", caller: "customer" },
  { method: "GET", path: "/sessions/{id}/live", caller: "customer" },
  { method: "POST", path: "/sessions/{id}/assign", caller: "supervisor", body: { agent_id: "bo" } },
  { method: "POST", path: "/sessions/{id}/transfer", caller: "agent", body: { agent_id: "cy" } },
  { method: "POST", path: "/sessions/{id}/escalate", caller: "agent", body: { reason: "angry" } },
  { method: "POST", path: "/sessions/{id}/resolve", caller: "agent", body: {} },
  { method: "POST", path: "/sessions/{id}/rating", caller: "customer", body: { score: 5 } },
  { method: "POST", path: "/sessions/{id}/read", caller: "customer", body: { last_read_seq: 1 } },
  { method: "GET", path: "/sessions/{id}/participants", caller: "agent" },
  { method: "POST", path: "/queue/claim", caller: "agent" },
  {
    method: "PUT",
    path: "/agents/agent-alice/capacity",
    caller: "supervisor",
    body: { capacity: 3 },
  },
  { method: "GET", path: "/analytics/summary", caller: "supervisor" },
  { method: "GET", path: "/openapi.json", caller: "none" },
];
const OTHER_PATHS = ["/", "//sessions", "/sessions/{id}/", "/sessions/{id}/x", "/assets/no.js"];
const METHODS = ["GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const QUERY_KEYS = [
  ...["limit", "after_seq", "before_seq", "status", "assignee", "order", "cursor"],
  ...["priority", "from", "to", "escalated", "customer", "access_token"],
];
const QUERY_VALUES = [
  ...["0", "-1", "1", "10", "500", "501", "1.5", "abc", "", "1e309", "1e20", "0x10", " 5", "NaN"],
  ...["9007199254740993", "99999999999999999999999", "open", "resolved", "triage", "activity"],
  ...["high", "true", "2026-01-01T00:00:00Z", "not-a-date", "%00", "%E2%82"],
];
const BODIES = [
  ...[undefined, "", "{", "null", "[]", "123", '"text"', "{}", '{"content":"\\ud800"}'],
  ...[{ content: "hi" }, { content: "  " }, { content: 5 }, { content: "x".repeat(5000) }],
  ...[
    { content: "ok", author_type: "service_agent" },
    { content: "ok", client_message_id: "" },
  ],
  ...[
    { content: "ok", client_message_id: "fuzz-1" },
    { content: "ok", visibility: "internal" },
  ],
  ...[{ agent_id: "agent-alice" }, { agent_id: 5 }, { reason: "r" }, { reason: "" }],
  ...[{ outcome: "resolved" }, { outcome: "bogus" }, { score: 5 }, { score: 5.5 }, { score: "5" }],
  ...[{ capacity: 3 }, { capacity: -1 }, { capacity: 1e9 }, { seq: 1 }, { seq: 1e20 }],
  ...[JSON.parse('{"__proto__":{"polluted":1},"content":"p"}'), "x".repeat(40_000)],
].map((body) => (body === undefined || typeof body === "string" ? body : JSON.stringify(body)));
const CONTENT_TYPES = [
  ...["application/json", "application/json; charset=utf-8", "text/plain", undefined],
  ...["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
];

describe("requests built at random", () => {
  // About 3 s alone; several times that beside the other test files on a busy 2-core machine.
  it("never answer 5xx; every refusal is problem JSON with its status; all carry X-Request-Id", {
    timeout: 60_000,
  }, async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => createSession()));
    const customerOf = new Map(sessions.map((s) => [s.id, s.customer_token.token]));
    const tokens: Record<Caller, (sessionId: string) => string | null> = {
      none: () => null,
      customer: (sessionId) => customerOf.get(sessionId) ?? agentToken,
      agent: () => agentToken,
      supervisor: () => supervisorToken,
    };
    const junkTokens = [
      ...[null, agentToken, supervisorToken, sessions[0]?.customer_token.token ?? null],
      ...[await mint({ role: "admin", subject: "ada" }), "abc.def.ghi", "not a token"],
    ];
    const ids = [
      ...sessions.map((s) => s.id),
      sessions[1]?.id.toUpperCase() ?? "",
      ...["nope", "00000000-0000-0000-0000-000000000000", "%00", "..", "a".repeat(3000), "%C3%A9"],
    ];
    const random = generator(20261125);
    const statuses = new Map<number, number>();
    const failures: string[] = [];

    for (let i = 0; i < 1500; i++) {
      const valid = random.pick(VALID);
      const spoil = () => random.chance(0.25);
      const id = spoil() ? random.pick(ids) : (sessions[i % sessions.length]?.id ?? "");
      let path = (spoil() ? random.pick(OTHER_PATHS) : valid.path).replace("{id}", id);
      if (spoil()) {
        const query = Array.from(
          { length: random.pick([1, 2, 3]) },
          () => `${random.pick(QUERY_KEYS)}=${random.pick(QUERY_VALUES)}`,
        );
        path += `${path.includes("?") ? "&" : "?"}${query.join("&")}`;
      }
      const method = spoil() ? random.pick(METHODS) : valid.method;
      const headers = new Headers();
      const contentType = spoil() ? random.pick(CONTENT_TYPES) : "application/json";
      if (contentType) headers.set("Content-Type", contentType);
      if (random.chance(0.2)) headers.set("Origin", "https://elsewhere.example");
      const body =
        method === "GET" || method === "HEAD"
          ? undefined
          : spoil()
            ? random.pick(BODIES)
            : valid.body && JSON.stringify(valid.body);
      const token = spoil() ? random.pick(junkTokens) : tokens[valid.caller](id);
      const response = await call(path, { method, headers, body, token });

      const what = `${method} ${path.slice(0, 120)} (body ${body?.slice(0, 60)})`;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) failures.push(`${what}: ${response.status}`);
      if (!response.headers.get("X-Request-Id")) failures.push(`${what}: no X-Request-Id`);
      // Answers carry personal data: never cached, never sniffed into another type. (A page is a
      // built file, revalidated instead: see test/platform/pages.test.ts.)
      const page = isPage({ method, path: new URL(path, "http://x").pathname }) && response.ok;
      if (!page && response.headers.get("Cache-Control") !== "no-store") {
        failures.push(`${what}: cache`);
      }
      if (response.headers.get("X-Content-Type-Options") !== "nosniff") {
        failures.push(`${what}: no nosniff`);
      }
      if (response.status >= 400) {
        const type = response.headers.get("Content-Type");
        if (type !== "application/problem+json") failures.push(`${what}: Content-Type ${type}`);
        if (method !== "HEAD") {
          const problem = await response.json<{ status?: number }>();
          if (problem.status !== response.status) failures.push(`${what}: problem.status`);
        }
      }
      if (!response.bodyUsed) await response.arrayBuffer();
    }

    expect(failures).toEqual([]);
    // The requests reach past the first checks: successes, and refusals of many kinds.
    for (const status of [200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 426]) {
      expect(statuses.get(status), `answers with ${status}`).toBeGreaterThan(0);
    }
  });
});
