// Who may hold a live socket, and for how long: tickets open one socket each, no token travels in a
// URL, and a socket closes (4401) when the token it was opened with expires; after that nothing it
// sends is taken.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { roomOf } from "../../../src/platform/stubs";
import {
  agentToken,
  call,
  createSession,
  env,
  mint,
  type SessionBody,
  type StartedSession,
  supervisorToken,
} from "../../helpers";
import { hasReady, openLive } from "../../live-helpers";

const upgrade = { headers: { Upgrade: "websocket" }, token: null } as const;

async function ticketFor(path: string, token: string): Promise<string> {
  const response = await call(path, { method: "POST", token });
  expect(response.status).toBe(201);
  return (await response.json<{ ticket: string }>()).ticket;
}

/** A customer token of `session` that expires `seconds` from now. */
const shortLived = (session: StartedSession, seconds: number) =>
  mint({
    role: "customer",
    subject: (session as unknown as { customer: { id: string } }).customer.id,
    sessionId: session.id,
    ttlSeconds: seconds,
  });

describe("live tickets", () => {
  it("open one socket each: a second use is refused", async () => {
    const session = await createSession();
    const ticket = await ticketFor(`/sessions/${session.id}/live-ticket`, agentToken);
    const first = await openLive(session.id, `?ticket=${ticket}`, { token: null });
    await first.until(hasReady);
    const second = await call(`/sessions/${session.id}/live?ticket=${ticket}`, upgrade);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({
      type: "/problems/unauthorized",
      detail: expect.stringContaining("used already"),
    });
  });

  it("open the agents' queue once, and are not issued to customers", async () => {
    const ticket = await ticketFor("/queue/live-ticket", supervisorToken);
    const first = await call(`/queue/live?ticket=${ticket}`, upgrade);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    expect((await call(`/queue/live?ticket=${ticket}`, upgrade)).status).toBe(401);
    const session = await createSession();
    const refused = await call("/queue/live-ticket", {
      method: "POST",
      token: session.customer_token.token,
    });
    expect(refused.status).toBe(403);
  });

  it("for a session do not open the queue, nor the other way round", async () => {
    const session = await createSession();
    const sessionTicket = await ticketFor(`/sessions/${session.id}/live-ticket`, agentToken);
    expect((await call(`/queue/live?ticket=${sessionTicket}`, upgrade)).status).toBe(401);
    const queueTicket = await ticketFor("/queue/live-ticket", agentToken);
    expect((await call(`/sessions/${session.id}/live?ticket=${queueTicket}`, upgrade)).status).toBe(
      401,
    );
  });
});

describe("a token in the URL", () => {
  it("is not accepted: access_token is no way to open a socket", async () => {
    const session = await createSession();
    const token = encodeURIComponent(session.customer_token.token);
    const response = await call(`/sessions/${session.id}/live?access_token=${token}`, upgrade);
    expect(response.status).toBe(401);
    const queue = await call(`/queue/live?access_token=${encodeURIComponent(agentToken)}`, upgrade);
    expect(queue.status).toBe(401);
  });
});

describe("a socket whose token expires", () => {
  it("is closed with 4401 after an error frame", { timeout: 15_000 }, async () => {
    const session = await createSession();
    const token = await shortLived(session, 2);
    const ticket = await ticketFor(`/sessions/${session.id}/live-ticket`, token);
    const socket = await openLive(session.id, `?ticket=${ticket}`, { token: null });
    await socket.until(hasReady);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(socket.frames.at(-1)).toMatchObject({
      type: "error",
      status: 401,
      problem_type: "/problems/unauthorized",
    });
  });

  it("has nothing it sends taken after the expiry, even before the room's alarm", {
    timeout: 15_000,
  }, async () => {
    const session = await createSession();
    const socket = await openLive(session.id, "", { token: await shortLived(session, 2) });
    await socket.until(hasReady);
    // Take the alarm away: the room itself must refuse what comes after the expiry.
    await runInDurableObject(roomOf(env.SESSION_ROOMS, session.id), async (_, state) => {
      await state.storage.deleteAlarm();
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    socket.send({ type: "message", content: "too late", client_message_id: "late-1" });
    expect((await socket.closed).code).toBe(4401);
    const stored = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(stored.last_seq).toBe(1);
  });

  it("on the agents' queue is closed with 4401 too", { timeout: 15_000 }, async () => {
    const token = await mint({ role: "service_agent", subject: "agent-brief", ttlSeconds: 2 });
    const response = await call("/queue/live", { headers: { Upgrade: "websocket" }, token });
    const ws = response.webSocket;
    if (!ws) throw new Error(`no upgrade: ${response.status}`);
    const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener("close", resolve));
    ws.accept();
    expect((await closed).code).toBe(4401);
  });
});
