// Live updates: a Durable Object per session pushes stored messages to every socket, in seq order,
// exactly once, with gapless resume, through hibernation.
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  agentToken,
  call,
  config,
  createSession,
  env,
  mint,
  postJson,
  type SessionBody,
  testApp,
} from "../../helpers";
import { hasReady, openLive, range, seqsOf } from "../../live-helpers";

const send = (sessionId: string, content: string, token?: string) =>
  postJson(`/sessions/${sessionId}/messages`, { content }, token ? { token } : {});

describe("GET /sessions/{id}/live", () => {
  it("sends the backlog, then ready, then each new message to every socket, once, in order", async () => {
    const session = await createSession();
    const customer = await openLive(session.id, `?access_token=${session.customer_token.token}`);
    const agent = await openLive(session.id, "", { token: agentToken });
    await customer.until(hasReady);
    await agent.until(hasReady);
    expect(customer.frames.filter((f) => f.type !== "presence")).toEqual([
      {
        type: "message",
        message: expect.objectContaining({ seq: 1, author_type: "service_agent" }),
      },
      { type: "ready", last_seq: 1 },
    ]);

    expect((await send(session.id, "over REST")).status).toBe(201);
    agent.send({ type: "message", content: "over the socket", client_message_id: "sock-1" });
    for (const socket of [customer, agent]) {
      await socket.until((frames) => seqsOf(frames).length === 3);
      expect(socket.seqs()).toEqual([1, 2, 3]);
    }
    const contents = customer.frames.flatMap((f) => (f.type === "message" ? [f.message] : []));
    expect(contents.slice(1)).toEqual([
      expect.objectContaining({ seq: 2, author_type: "customer", content: "over REST" }),
      expect.objectContaining({
        seq: 3,
        author_type: "service_agent",
        content: "over the socket",
        client_message_id: "sock-1",
        author_name: "Alice",
      }),
    ]);
    // What a socket is sent is what REST reads back.
    const stored = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(stored.messages).toEqual(contents);
  });

  it("resumes after a disconnect with exactly the missed messages, then live ones", async () => {
    const session = await createSession();
    const first = await openLive(session.id);
    await first.until(hasReady);
    await send(session.id, "seen");
    await first.until((frames) => seqsOf(frames).includes(2));
    first.ws.close(1000, "bye");

    for (const text of ["missed 1", "missed 2", "missed 3"]) await send(session.id, text);
    const again = await openLive(session.id, "?after_seq=2");
    await again.until(hasReady);
    expect(again.frames.filter((f) => f.type !== "presence")).toEqual([
      ...[3, 4, 5].map((seq) => ({ type: "message", message: expect.objectContaining({ seq }) })),
      { type: "ready", last_seq: 5 },
    ]);
    await send(session.id, "live");
    await again.until((frames) => seqsOf(frames).includes(6));
    expect(again.seqs()).toEqual([3, 4, 5, 6]);
  });

  it("leaves a desk that watches out of presence, and tells it every message", async () => {
    const session = await createSession();
    const customer = await openLive(session.id);
    await customer.until(hasReady);
    const watching = await openLive(session.id, "?after_seq=1&watch=true", { token: agentToken });
    await watching.until(hasReady);
    const agent = await openLive(session.id, "", { token: agentToken });
    await agent.until(hasReady);
    // Presence names the agent once their conversation opens, never for the watching desk.
    const presences = () => customer.frames.flatMap((f) => (f.type === "presence" ? [f] : []));
    await customer.until(() => presences().some((f) => f.connected.length === 2));
    expect(presences().map((f) => f.connected.map((p) => p.role).sort())).toEqual([
      ["customer"],
      ["customer", "service_agent"],
    ]);
    agent.ws.close(1000);
    await customer.until(() => presences().length === 3);
    expect(presences().at(-1)?.connected).toEqual([expect.objectContaining({ role: "customer" })]);
    expect((await send(session.id, "to the desk too")).status).toBe(201);
    await watching.until((frames) => seqsOf(frames).includes(2));
    expect(watching.seqs()).toEqual([2]);
  });

  it("keeps every socket gapless and duplicate-free while many write at once", async () => {
    const session = await createSession();
    const sockets = await Promise.all([
      openLive(session.id),
      openLive(session.id),
      openLive(session.id),
    ]);
    const writes = Array.from({ length: 30 }, (_, i) => send(session.id, `burst ${i}`));
    // A socket that connects in the middle of the burst, from seq 0.
    const late = await openLive(session.id, "?after_seq=0");
    expect((await Promise.all(writes)).every((r) => r.status === 201)).toBe(true);
    for (const socket of [...sockets, late]) {
      await socket.until((frames) => seqsOf(frames).length >= 31);
      expect(socket.seqs()).toEqual(range(1, 31));
    }
  });

  it("still delivers after the room hibernates, with each socket's state intact", async () => {
    const session = await createSession();
    const a = await openLive(session.id);
    const b = await openLive(session.id, "", { token: agentToken });
    await a.until(hasReady);
    await b.until(hasReady);
    await send(session.id, "before");
    await a.until((frames) => seqsOf(frames).includes(2));
    await b.until((frames) => seqsOf(frames).includes(2));

    await evictDurableObject(env.SESSION_ROOMS.get(env.SESSION_ROOMS.idFromName(session.id)));

    await send(session.id, "after", agentToken);
    for (const socket of [a, b]) {
      await socket.until((frames) => seqsOf(frames).includes(3));
      expect(socket.seqs()).toEqual([1, 2, 3]);
    }
    // The socket's role survived too: typing from the agent reaches the customer as an agent's.
    b.send({ type: "typing" });
    await a.until((frames) => frames.some((f) => f.type === "typing"));
    expect(a.frames.find((f) => f.type === "typing")).toMatchObject({
      role: "service_agent",
      name: "Alice",
    });
  });

  it("shows typing to the others only, never stores it, and lets it expire", async () => {
    const session = await createSession();
    const customer = await openLive(session.id);
    const agent = await openLive(session.id, "", { token: agentToken });
    await customer.until(hasReady);
    await agent.until(hasReady);
    customer.send({ type: "typing" });
    await agent.until((frames) => frames.some((f) => f.type === "typing"));
    const typing = agent.frames.find((f) => f.type === "typing");
    expect(typing).toMatchObject({ role: "customer", name: null });
    const ttl = Date.parse((typing as { expires_at: string }).expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
    // Not echoed to the typer, and not stored.
    await send(session.id, "after typing");
    await customer.until((frames) => seqsOf(frames).includes(2));
    expect(customer.frames.some((f) => f.type === "typing")).toBe(false);
    const stored = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(stored.last_seq).toBe(2);
  });

  it("tells everyone who is connected", async () => {
    const session = await createSession();
    const customer = await openLive(session.id);
    await customer.until(hasReady);
    const agent = await openLive(session.id, "", { token: agentToken });
    await customer.until((frames) =>
      frames.some((f) => f.type === "presence" && f.connected.length === 2),
    );
    const presence = customer.frames.findLast((f) => f.type === "presence");
    expect(presence).toEqual({
      type: "presence",
      connected: expect.arrayContaining([
        { role: "customer", name: null },
        { role: "service_agent", name: "Alice" },
      ]),
    });
    agent.ws.close(1000);
    await customer.until((frames) => {
      const last = frames.findLast((f) => f.type === "presence");
      return last?.type === "presence" && last.connected.length === 1;
    });
  });

  it("stores socket messages through the same rules as REST, answering refusals with error frames", async () => {
    const session = await createSession();
    const customer = await openLive(session.id);
    await customer.until(hasReady);
    customer.send({ type: "message", content: "   " });
    customer.send({
      type: "message",
      content: "as an agent?",
      author_type: "service_agent",
      client_message_id: "x1",
    });
    customer.send({ type: "nonsense" });
    customer.send("not even an object");
    await customer.until((frames) => frames.filter((f) => f.type === "error").length === 4);
    const errors = customer.frames.filter((f) => f.type === "error");
    expect(errors.map((e) => e.type === "error" && e.status)).toEqual([400, 403, 400, 400]);
    expect(errors[1]).toMatchObject({
      problem_type: "/problems/forbidden",
      client_message_id: "x1",
    });

    // Idempotent like REST: the same client_message_id twice stores one message.
    customer.send({ type: "message", content: "once", client_message_id: "c-9" });
    customer.send({ type: "message", content: "once", client_message_id: "c-9" });
    await customer.until((frames) => seqsOf(frames).includes(2));
    await send(session.id, "marker");
    await customer.until((frames) => seqsOf(frames).includes(3));
    expect(customer.seqs()).toEqual([1, 2, 3]);
  });

  it("names the message a frame it cannot read was (too long), so its sender knows which", async () => {
    const session = await createSession();
    const customer = await openLive(session.id);
    await customer.until(hasReady);
    customer.send({ type: "message", content: "x".repeat(4001), client_message_id: "long-1" });
    customer.send({ type: "message", content: "y".repeat(4001), client_message_id: 7 });
    await customer.until((frames) => frames.filter((f) => f.type === "error").length === 2);
    const [named, unnamed] = customer.frames.filter((f) => f.type === "error");
    expect(named).toMatchObject({
      status: 400,
      problem_type: "/problems/validation-error",
      client_message_id: "long-1",
    });
    expect(unnamed).toMatchObject({ status: 400, problem_type: "/problems/validation-error" });
    expect(unnamed).not.toHaveProperty("client_message_id");
  });

  it("closes a flooding socket with an error frame and 1008, and an oversized frame with 1009", async () => {
    const { id } = await createSession();
    const flooder = await openLive(id);
    await flooder.until(hasReady);
    for (let i = 0; i < 31; i++) flooder.send({ type: "typing" });
    const closed = await flooder.closed;
    expect(closed.code).toBe(1008);
    expect(flooder.frames.findLast((f) => f.type === "error")).toMatchObject({ status: 429 });

    const big = await openLive(id);
    await big.until(hasReady);
    big.send({ type: "message", content: "x".repeat(40_000) });
    expect((await big.closed).code).toBe(1009);
  });

  it("names the message an oversized frame was before it closes 1009, so its sender stops resending it", async () => {
    const { id } = await createSession();
    const big = await openLive(id);
    await big.until(hasReady);
    big.send({ type: "message", content: "x".repeat(40_000), client_message_id: "huge-1" });
    expect((await big.closed).code).toBe(1009);
    expect(big.frames.findLast((f) => f.type === "error")).toMatchObject({
      status: 413,
      problem_type: "/problems/too-large",
      client_message_id: "huge-1",
      max_bytes: config.live.maxFrameBytes,
    });
    const stored = await (await call(`/sessions/${id}/messages`)).json<{ messages: unknown[] }>();
    expect(stored.messages).toHaveLength(1); // the greeting only
  });

  it("refuses a socket past LIVE_MAX_SOCKETS for the session with 429", async () => {
    const { id } = await createSession();
    const sockets = await Promise.all(Array.from({ length: 12 }, () => openLive(id)));
    const refused = await call(`/sessions/${id}/live`, { headers: { Upgrade: "websocket" } });
    expect(refused.status).toBe(429);
    expect(refused.webSocket).toBeNull();
    expect(await refused.json()).toMatchObject({ type: "/problems/too-many-sockets" });
    for (const socket of sockets) socket.ws.close(1000);
  });

  describe("refuses before the upgrade", () => {
    it("a request that is not a WebSocket upgrade (426)", async () => {
      const { id } = await createSession();
      const response = await call(`/sessions/${id}/live`);
      expect(response.status).toBe(426);
      expect(response.headers.get("upgrade")).toBe("websocket");
    });

    it.each([
      ["no token", { token: null }, 401],
      ["a forged token", { token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" }, 401],
      ["another customer's token", "other", 404],
    ])("%s", async (_, init, status) => {
      const { id } = await createSession();
      const other = await createSession();
      const options =
        init === "other"
          ? { token: other.customer_token.token }
          : (init as { token: string | null });
      const response = await call(`/sessions/${id}/live`, {
        headers: { Upgrade: "websocket" },
        ...options,
      });
      expect(response.status).toBe(status);
      expect(response.webSocket).toBeNull();
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    });

    it("an unknown session (404), and an id that is not a UUID (404)", async () => {
      for (const id of [crypto.randomUUID(), "nope"]) {
        const response = await call(`/sessions/${id}/live`, {
          headers: { Upgrade: "websocket" },
          token: agentToken,
        });
        expect(response.status).toBe(404);
      }
    });
  });

  describe("live tickets", () => {
    it("open the socket of their session only, and are no bearer token", async () => {
      const session = await createSession();
      const other = await createSession();
      const issued = await call(`/sessions/${session.id}/live-ticket`, { method: "POST" });
      expect(issued.status).toBe(201);
      const { ticket, expires_at } = await issued.json<{ ticket: string; expires_at: string }>();
      expect(Date.parse(expires_at) - Date.now()).toBeLessThanOrEqual(60_000);

      const socket = await openLive(session.id, `?ticket=${ticket}`, { token: null });
      await socket.until(hasReady);

      const elsewhere = await call(`/sessions/${other.id}/live?ticket=${ticket}`, {
        headers: { Upgrade: "websocket" },
        token: null,
      });
      expect(elsewhere.status).toBe(401);
      const asBearer = await call(`/sessions/${session.id}`, { token: ticket });
      expect(asBearer.status).toBe(401);
    });

    it("are not issued for another customer's session", async () => {
      const mine = await createSession();
      const theirs = await createSession();
      const response = await call(`/sessions/${theirs.id}/live-ticket`, {
        method: "POST",
        token: mine.customer_token.token,
      });
      expect(response.status).toBe(404);
    });
  });
});

describe("a failing fan-out", () => {
  it("does not fail the REST POST: the message is stored and read back", async () => {
    const failing = testApp({
      live: {
        publish: async () => {
          throw new Error("room unavailable");
        },
        watchDue: async () => {
          throw new Error("room unavailable");
        },
        end: async () => {},
      },
    });
    const { id, customer_token } = await createSession();
    const response = await failing.request(`/sessions/${id}/messages`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${customer_token.token}`,
      },
      body: JSON.stringify({ content: "still stored" }),
    });
    expect(response.status).toBe(201);
    const read = await (await call(`/sessions/${id}`)).json<SessionBody>();
    expect(read.messages.at(-1)).toMatchObject({ seq: 2, content: "still stored" });
    // A socket opened later catches up by seq.
    const late = await openLive(id, "?after_seq=1");
    await late.until(hasReady);
    expect(late.seqs()).toEqual([2]);
  });
});

it("an admin may follow a session but not write into it", async () => {
  const { id } = await createSession();
  const admin = await openLive(id, "", { token: await mint({ role: "admin", subject: "ada" }) });
  await admin.until(hasReady);
  admin.send({ type: "message", content: "hello" });
  await admin.until((frames) => frames.some((f) => f.type === "error"));
  expect(admin.frames.find((f) => f.type === "error")).toMatchObject({ status: 403 });
});
