// The typed clients of src/client, against the real Worker.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { backoffDelay, LiveClient, type LiveSocket, type WireMessage } from "../src/client/live";
import { createRestClient } from "../src/client/rest";
import { agentToken, BASE, call, createSession, mint, postJson, type SessionBody } from "./helpers";
import { range } from "./live-helpers";

const workerFetch: typeof fetch = (input, init) =>
  exports.default.fetch(new Request(input instanceof Request ? input : String(input), init));

const until = async (condition: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the REST client", () => {
  it("starts a session, sends and reads messages with checked types", async () => {
    const anonymous = createRestClient(BASE, { fetch: workerFetch });
    const started = await anonymous.sessions.$post({ json: {} });
    if (started.status !== 201) throw new Error(`start: ${started.status}`);
    const session = await started.json(); // typed as the 201 answer: StartedChatSession
    const api = createRestClient(BASE, {
      fetch: workerFetch,
      token: () => session.customer_token?.token,
    });

    const posted = await api.sessions[":session_id"].messages.$post({
      param: { session_id: session.id },
      query: {},
      json: { content: "typed hello" },
    });
    expect(posted.status).toBe(201);
    const page = await api.sessions[":session_id"].messages.$get({
      param: { session_id: session.id },
      query: { after_seq: "1" },
    });
    const body = await page.json();
    expect("messages" in body && body.messages.map((m) => m.content)).toEqual(["typed hello"]);
  });
});

/** A live client on the Worker whose sockets the test can drop, or refuse to open. */
function liveClient(
  sessionId: string,
  token: string,
  extra: {
    ignoreResume?: boolean;
    backoff?: { initialMs: number; maxMs: number };
    onStatus?: (status: string) => void;
  } = {},
) {
  const received: WireMessage[] = [];
  const sockets: WebSocket[] = [];
  /** refuse: the line is down; hold: a connection waits for it before it opens. */
  const state: { refuse: boolean; hold: Promise<void> | null } = { refuse: false, hold: null };
  const client = new LiveClient({
    url: (afterSeq) => `/sessions/${sessionId}/live?after_seq=${extra.ignoreResume ? 0 : afterSeq}`,
    connect: async (url) => {
      await state.hold;
      if (state.refuse) throw new Error("offline");
      const response = await call(url, { headers: { Upgrade: "websocket" }, token });
      const ws = response.webSocket;
      if (!ws) throw new Error(`no upgrade: ${response.status}`);
      ws.accept();
      sockets.push(ws);
      return ws as unknown as LiveSocket;
    },
    onMessage: (message) => received.push(message),
    backoff: extra.backoff ?? { initialMs: 20, maxMs: 100 },
    onStatus: extra.onStatus,
  });
  return { client, received, sockets, state, seqs: () => received.map((m) => m.seq) };
}

/** A live client on a new session, with every status it reports. */
async function followedSession() {
  const session = await createSession();
  const statuses: string[] = [];
  const live = liveClient(session.id, session.customer_token.token, {
    onStatus: (status) => statuses.push(status),
  });
  return { session, statuses, live };
}

/** The session's stored messages, as the service reads them. */
async function storedMessages(sessionId: string) {
  return (await (await call(`/sessions/${sessionId}`)).json<{ messages: WireMessage[] }>())
    .messages;
}

describe("the live client", () => {
  it("receives the backlog and live messages in order", async () => {
    const session = await createSession();
    const live = liveClient(session.id, session.customer_token.token);
    live.client.start();
    await until(() => live.seqs().length === 1);
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "agent here" },
      { token: agentToken },
    );
    await until(() => live.seqs().length === 2);
    expect(live.received.map((m) => [m.seq, m.author_type])).toEqual([
      [1, "service_agent"],
      [2, "service_agent"],
    ]);
    live.client.close();
  });

  it("reconnects after a drop and resumes from the last seq, missing nothing", async () => {
    const session = await createSession();
    const live = liveClient(session.id, session.customer_token.token);
    live.client.start();
    await until(() => live.seqs().length === 1);
    live.state.refuse = true;
    live.sockets[0]?.close(1011, "server restart"); // the connection drops
    for (let i = 0; i < 3; i++) {
      await postJson(
        `/sessions/${session.id}/messages`,
        { content: `while away ${i}` },
        { token: agentToken },
      );
    }
    live.state.refuse = false;
    await until(() => live.seqs().length === 4);
    expect(live.seqs()).toEqual([1, 2, 3, 4]);
    expect(live.sockets.length).toBeGreaterThanOrEqual(2);
    live.client.close();
  });

  it("drops duplicates when a server sends again what it already had", async () => {
    const session = await createSession();
    for (let i = 0; i < 3; i++)
      await postJson(`/sessions/${session.id}/messages`, { content: `m${i}` });
    // This client resumes from 0 every time, so each reconnect replays the whole session.
    const live = liveClient(session.id, session.customer_token.token, { ignoreResume: true });
    live.client.start();
    await until(() => live.seqs().length === 4);
    live.sockets[0]?.close(1011, "drop");
    await until(() => live.sockets.length === 2);
    await postJson(`/sessions/${session.id}/messages`, { content: "after replay" });
    await until(() => live.seqs().length === 5);
    expect(live.seqs()).toEqual(range(1, 5));
    live.client.close();
  });

  it("buffers messages sent while offline and sends them once when back", async () => {
    const session = await createSession();
    const live = liveClient(session.id, session.customer_token.token);
    live.state.refuse = true;
    live.client.start();
    const first = live.client.send("written offline 1");
    live.client.send("written offline 2");
    expect(live.client.pending).toBe(2);
    live.state.refuse = false;
    await until(() => live.seqs().length === 3);
    expect(live.received.slice(1).map((m) => [m.content, m.client_message_id])).toEqual([
      ["written offline 1", first],
      ["written offline 2", expect.any(String)],
    ]);
    expect(live.client.pending).toBe(0);

    // A drop right after sending: the outbox resends on reconnect, the server stores it once.
    live.client.send("sent as the line drops");
    live.sockets.at(-1)?.close(1011, "drop");
    await until(() => live.seqs().length === 4);
    const stored = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(stored.messages.map((m) => m.content)).toEqual([
      "Hello, how may I help you?",
      "written offline 1",
      "written offline 2",
      "sent as the line drops",
    ]);
    live.client.close();
  });
});

describe("the live client's wake", () => {
  it("reconnects at once when woken, instead of waiting out its backoff", async () => {
    const session = await createSession();
    const live = liveClient(session.id, session.customer_token.token);
    live.client.start();
    await until(() => live.seqs().length === 1);
    live.state.refuse = true;
    live.sockets[0]?.close(1011, "the network went away");
    await new Promise((resolve) => setTimeout(resolve, 50)); // a refused attempt: backoff grows
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "meanwhile" },
      { token: agentToken },
    );
    live.state.refuse = false;
    // A backoff of an hour: only wake() can bring it back within the test.
    (live.client as unknown as { attempt: number }).attempt = 30;
    live.client.wake();
    live.client.wake(); // a second wake while connecting opens no second socket
    await until(() => live.seqs().length === 2);
    expect(live.seqs()).toEqual([1, 2]);
    expect(live.sockets).toHaveLength(2);
    live.client.close();
  });
});

describe("the live client's drop", () => {
  it("lets the socket go at once, keeps what is sent meanwhile, and sends it once when back", async () => {
    const { session, statuses, live } = await followedSession();
    live.client.start();
    await until(() => live.seqs().length === 1);
    live.state.refuse = true;
    live.client.drop();
    expect(statuses.at(-1)).toBe("offline");
    live.client.send("written offline", "offline-1");
    expect(live.client.pending).toBe(1);
    live.state.refuse = false;
    live.client.wake();
    await until(() => live.seqs().length === 2);
    expect(live.client.pending).toBe(0);
    const stored = await storedMessages(session.id);
    expect(stored.filter((m) => m.content === "written offline")).toHaveLength(1);
    live.client.close();
  });
});

describe("the live client dropped while it connects", () => {
  it("lets go of the socket that opens after the drop, says offline, and reconnects when woken", async () => {
    const { statuses, live } = await followedSession();
    let open = () => {};
    live.state.hold = new Promise((resolve) => {
      open = resolve;
    });
    live.client.start();
    expect(statuses.at(-1)).toBe("connecting");
    // The network goes while the socket is on its way (its handshake already sent): it opens after.
    live.client.drop();
    open();
    await until(() => live.sockets.length === 1);
    live.state.refuse = true; // the line is still down for the next attempts
    await until(() => statuses.at(-1) === "offline");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statuses).not.toContain("live");
    expect(live.sockets[0]?.readyState).not.toBe(WebSocket.OPEN);
    live.state.hold = null;
    live.state.refuse = false;
    live.client.wake();
    await until(() => statuses.at(-1) === "live");
    live.client.close();
  });
});

describe("the live client's closeWhenSent", () => {
  it("sends what waits when the line is back, then closes; with nothing waiting, closes at once", async () => {
    const { session, statuses, live } = await followedSession();
    live.client.start();
    await until(() => live.seqs().length === 1);
    live.state.refuse = true;
    live.client.drop();
    live.client.send("written before the view went away", "gone-1");
    live.client.closeWhenSent();
    expect(statuses.at(-1)).toBe("offline");
    live.state.refuse = false;
    live.client.wake();
    await until(() => statuses.at(-1) === "closed");
    expect(live.client.pending).toBe(0);
    const stored = await storedMessages(session.id);
    expect(stored.filter((m) => m.client_message_id === "gone-1")).toHaveLength(1);

    const idle = liveClient(session.id, session.customer_token.token, {
      onStatus: (status) => statuses.push(status),
    });
    idle.client.start();
    await until(() => statuses.at(-1) === "live");
    idle.client.closeWhenSent();
    expect(statuses.at(-1)).toBe("closed");
  });
});

describe("the live client, when the server closes a socket whose token expired (4401)", () => {
  it("reconnects with a fresh ticket and resumes without a gap", { timeout: 15_000 }, async () => {
    const session = await createSession();
    const customerId = (session as unknown as { customer: { id: string } }).customer.id;
    const tickets: string[] = [];
    const received: WireMessage[] = [];
    const closes: number[] = [];
    const client = new LiveClient({
      // Each connection asks for a ticket with the token the app holds now: the first lives 2 s.
      url: async (afterSeq) => {
        const token = await mint({
          role: "customer",
          subject: customerId,
          sessionId: session.id,
          ttlSeconds: tickets.length === 0 ? 2 : 3600,
        });
        const issued = await call(`/sessions/${session.id}/live-ticket`, {
          method: "POST",
          token,
        });
        const { ticket } = await issued.json<{ ticket: string }>();
        tickets.push(ticket);
        return `/sessions/${session.id}/live?after_seq=${afterSeq}&ticket=${ticket}`;
      },
      connect: async (url) => {
        const response = await call(url, { headers: { Upgrade: "websocket" }, token: null });
        const ws = response.webSocket;
        if (!ws) throw new Error(`no upgrade: ${response.status}`);
        ws.accept();
        ws.addEventListener("close", (event) => closes.push(event.code));
        return ws as unknown as LiveSocket;
      },
      onMessage: (message) => received.push(message),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    client.start();
    await until(() => closes.includes(4401), 10_000);
    await postJson(`/sessions/${session.id}/messages`, { content: "after" }, { token: agentToken });
    await until(() => received.length === 2, 10_000);
    expect(received.map((m) => m.seq)).toEqual([1, 2]);
    expect(tickets.length).toBeGreaterThanOrEqual(2);
    client.close();
  });
});

describe("backoffDelay", () => {
  it("doubles up to the cap, with jitter between half and all of it", () => {
    const limits = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, limits, () => 1))).toEqual([
      500, 1000, 2000, 4000, 30_000,
    ]);
    expect([0, 1, 10].map((a) => backoffDelay(a, limits, () => 0))).toEqual([250, 500, 15_000]);
  });
});
