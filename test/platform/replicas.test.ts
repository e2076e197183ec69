// D1 read replication through the Sessions API: reads may start on a replica, writes and decisions on
// the primary, and a bookmark sent back reads at least what its answer saw.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createRestClient } from "../../src/client/rest";
import { BOOKMARK_HEADER, BOOKMARK_PATTERN } from "../../src/platform/replicas/bookmark";
import {
  ReplicatedDatabase,
  type SessionStart,
} from "../../src/platform/replicas/replicated-database";
import {
  agentToken,
  call,
  createSession,
  env,
  postJson,
  supervisorToken,
  testApp,
} from "../helpers";

/** An app whose database tells where each request's session started. */
function watchedApp() {
  const starts: SessionStart[] = [];
  const { request } = testApp({
    db: new ReplicatedDatabase(env.DB, (start) => starts.push(start)),
  });
  const last = () => starts.at(-1);
  return { request, last };
}

const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { Authorization: `Bearer ${token}`, ...init.headers },
});
const json = (token: string, body: unknown): RequestInit =>
  bearer(token, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("read replication", () => {
  it("answers with a bookmark, which read back sees at least the write it came from", async () => {
    const session = await createSession();
    const posted = await postJson(
      `/sessions/${session.id}/messages`,
      { content: "written just now" },
      { token: agentToken },
    );
    const bookmark = posted.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(BOOKMARK_PATTERN);
    const read = await call(`/sessions/${session.id}`, {
      token: agentToken,
      headers: { [BOOKMARK_HEADER]: bookmark ?? "" },
    });
    expect(read.status).toBe(200);
    const body = await read.json<{ messages: { content: string }[] }>();
    expect(body.messages.map((m) => m.content)).toContain("written just now");
    // The read's own bookmark is never behind the one sent.
    expect((read.headers.get(BOOKMARK_HEADER) ?? "") >= (bookmark ?? "")).toBe(true);
  });

  it("starts reads anywhere, and writes, claims and transitions on the primary", async () => {
    const { request, last } = watchedApp();
    const started = await request("/sessions", { method: "POST" });
    expect(last()).toBe("first-primary");
    const { id } = await started.json<{ id: string }>();
    await request(`/sessions/${id}`, bearer(agentToken));
    expect(last()).toBe("first-unconstrained");
    await request("/sessions?limit=5", bearer(agentToken));
    expect(last()).toBe("first-unconstrained");
    // A socket opens right after its ticket: the upgrade reads the primary.
    await request(
      `/sessions/${id}/live`,
      bearer(agentToken, { headers: { Upgrade: "websocket" } }),
    );
    expect(last()).toBe("first-primary");
    await request(`/sessions/${id}/messages`, json(agentToken, { content: "hi" }));
    expect(last()).toBe("first-primary");
    await request("/queue/claim", bearer(agentToken, { method: "POST" }));
    expect(last()).toBe("first-primary");
    await request(`/sessions/${id}/escalate`, json(agentToken, { reason: "vip" }));
    expect(last()).toBe("first-primary");
    const resolved = await request(`/sessions/${id}/resolve`, json(supervisorToken, {}));
    expect(last()).toBe("first-primary");
    // A bookmark sent back is where the next read starts.
    const bookmark = resolved.headers.get(BOOKMARK_HEADER) ?? "";
    await request(
      `/sessions/${id}`,
      bearer(agentToken, { headers: { [BOOKMARK_HEADER]: bookmark } }),
    );
    expect(last()).toBe(bookmark);
  });

  it("runs every query outside a request (rooms, alarms) on the primary, and in one inside", async () => {
    const used: string[] = [];
    const batchOf =
      (name: string, target: { batch: D1Database["batch"] }) =>
      (statements: D1PreparedStatement[]) => {
        used.push(name);
        return target.batch(statements);
      };
    const primary = {
      batch: batchOf("primary", env.DB),
      prepare: (query: string) => env.DB.prepare(query),
      withSession: (start?: string) => {
        const session = env.DB.withSession(start);
        return {
          batch: batchOf("session", session),
          prepare: (query: string) => session.prepare(query),
          getBookmark: () => session.getBookmark(),
        };
      },
    } as unknown as D1Database;
    const database = new ReplicatedDatabase(primary);
    const ping = database.prepare("select 1 as one");
    await database.batch([ping]);
    await database.inSession("first-unconstrained", () => database.batch([ping]));
    await database.batch([ping]);
    expect(used).toEqual(["primary", "session", "primary"]);
  });

  it("refuses a malformed bookmark with a 400, and stores nothing", async () => {
    const session = await createSession();
    for (const bad of ["not a bookmark", "zz-00", "1".repeat(80)]) {
      const response = await postJson(
        `/sessions/${session.id}/messages`,
        { content: "must not be stored" },
        { token: agentToken, headers: { [BOOKMARK_HEADER]: bad } },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    }
    const read = await call(`/sessions/${session.id}`, { token: agentToken });
    const body = await read.json<{ messages: { content: string }[] }>();
    expect(body.messages.map((m) => m.content)).not.toContain("must not be stored");
  });

  it("is done for its callers by the typed client: each request sends the newest bookmark back", async () => {
    const sent: (string | null)[] = [];
    const received: (string | null)[] = [];
    const api = createRestClient("http://chat.test", {
      token: agentToken,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push(request.headers.get(BOOKMARK_HEADER));
        const response = await exports.default.fetch(request);
        received.push(response.headers.get(BOOKMARK_HEADER));
        return response;
      },
    });
    const session = await createSession();
    await api.sessions[":session_id"].messages.$post({
      param: { session_id: session.id },
      query: {},
      json: { content: "from the typed client" },
    });
    const read = await api.sessions[":session_id"].$get({
      param: { session_id: session.id },
      query: {},
    });
    expect(read.status).toBe(200);
    expect(sent[0]).toBeNull();
    expect(received[0]).toMatch(BOOKMARK_PATTERN);
    expect(sent[1]).toBe(received[0]);
  });
});
