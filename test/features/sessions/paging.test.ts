// Keyset paging by seq: every page costs the same however long the session is.
import { beforeAll, describe, expect, it } from "vitest";
import {
  agentToken,
  call,
  config,
  createSession,
  type MessageBody,
  postJson,
  type SessionBody,
  testApp,
} from "../../helpers";

// 25 messages: the greeting (seq 1) and m2 ... m25.
let id: string;
beforeAll(async () => {
  ({ id } = await createSession());
  for (let seq = 2; seq <= 25; seq++) {
    const response = await postJson(`/sessions/${id}/messages`, {
      author_type: seq % 2 ? "service_agent" : "customer",
      content: `m${seq}`,
    });
    expect(response.status).toBe(201);
  }
});

const seqs = (messages: MessageBody[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function page(query: string) {
  const response = await call(`/sessions/${id}/messages?${query}`);
  expect(response.status).toBe(200);
  return response.json<{ session_id: string; messages: MessageBody[]; has_more: boolean }>();
}

describe("GET /sessions/{id}", () => {
  it("carries the newest `limit` messages, oldest first, and says older ones exist", async () => {
    const session = await (await call(`/sessions/${id}?limit=10`)).json<SessionBody>();
    expect(seqs(session.messages)).toEqual(range(16, 25));
    expect(session.has_older_messages).toBe(true);
    expect(session.last_seq).toBe(25);
  });

  it("says no older messages exist when all fit", async () => {
    const session = await (await call(`/sessions/${id}?limit=25`)).json<SessionBody>();
    expect(seqs(session.messages)).toEqual(range(1, 25));
    expect(session.has_older_messages).toBe(false);
  });

  it("defaults to DEFAULT_PAGE_SIZE, for reads and for the POST answer alike", async () => {
    const { request } = testApp({ vars: { DEFAULT_PAGE_SIZE: "7" } });
    const auth = { Authorization: `Bearer ${agentToken}` };
    const read = await (await request(`/sessions/${id}`, { headers: auth })).json<SessionBody>();
    expect(seqs(read.messages)).toEqual(range(19, 25));

    const { id: other } = await createSession();
    for (let i = 0; i < 8; i++) {
      await postJson(`/sessions/${other}/messages`, { author_type: "customer", content: `n${i}` });
    }
    const posted = await request(`/sessions/${other}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...auth },
      body: JSON.stringify({ content: "last" }),
    });
    const body = await posted.json<SessionBody>();
    expect(seqs(body.messages)).toEqual(range(4, 10));
    expect(body.has_older_messages).toBe(true);
    expect(body.messages.at(-1)?.content).toBe("last");
  });
});

describe("GET /sessions/{id}/messages", () => {
  it("reads forward from the start by default", async () => {
    const first = await page("limit=10");
    expect(first.session_id).toBe(id);
    expect(seqs(first.messages)).toEqual(range(1, 10));
    expect(first.has_more).toBe(true);
  });

  it("reads forward page by page with after_seq: first, middle, last", async () => {
    const middle = await page("after_seq=10&limit=10");
    expect(seqs(middle.messages)).toEqual(range(11, 20));
    expect(middle.has_more).toBe(true);
    const last = await page("after_seq=20&limit=10");
    expect(seqs(last.messages)).toEqual(range(21, 25));
    expect(last.has_more).toBe(false);
    expect(last.messages.map((m) => m.content)).toEqual(["m21", "m22", "m23", "m24", "m25"]);
  });

  it("is empty past the newest message (a poller that is up to date)", async () => {
    const empty = await page("after_seq=25");
    expect(empty).toEqual({ session_id: id, messages: [], has_more: false });
  });

  it("reads backward with before_seq, each page oldest first", async () => {
    const newest = await page("before_seq=26&limit=10");
    expect(seqs(newest.messages)).toEqual(range(16, 25));
    expect(newest.has_more).toBe(true);
    const middle = await page("before_seq=16&limit=10");
    expect(seqs(middle.messages)).toEqual(range(6, 15));
    expect(middle.has_more).toBe(true);
    const oldest = await page("before_seq=6&limit=10");
    expect(seqs(oldest.messages)).toEqual(range(1, 5));
    expect(oldest.has_more).toBe(false);
  });

  it("walks the whole session in both directions without gap or duplicate", async () => {
    const forward: number[] = [];
    for (let after = 0, more = true; more; ) {
      const p = await page(`after_seq=${after}&limit=4`);
      forward.push(...seqs(p.messages));
      after = p.messages.at(-1)?.seq ?? after;
      more = p.has_more;
    }
    expect(forward).toEqual(range(1, 25));

    const backward: number[] = [];
    for (let before = 26, more = true; more; ) {
      const p = await page(`before_seq=${before}&limit=4`);
      backward.unshift(...seqs(p.messages));
      before = p.messages[0]?.seq ?? before;
      more = p.has_more;
    }
    expect(backward).toEqual(range(1, 25));
  });

  it("accepts limit up to MAX_PAGE_SIZE", async () => {
    const all = await page(`limit=${config.maxPageSize}`);
    expect(seqs(all.messages)).toEqual(range(1, 25));
    expect(all.has_more).toBe(false);
  });

  it.each([
    "limit=0",
    `limit=${config.maxPageSize + 1}`,
    "limit=abc",
    "limit=2.5",
    "after_seq=-1",
    "before_seq=x",
    "after_seq=1&before_seq=5",
  ])("refuses %s with a 400 problem", async (query) => {
    const response = await call(`/sessions/${id}/messages?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers 404 for an unknown session, and for an id that is not a UUID", async () => {
    expect((await call(`/sessions/${crypto.randomUUID()}/messages`)).status).toBe(404);
    expect((await call("/sessions/42/messages")).status).toBe(404);
  });
});
