// What a write owes (its live fan-out, its queue announcement) is recorded with it in the outbox and
// removed once done; what a writer could not finish, the sweeper does.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ORPHAN_AFTER_MS } from "../../../src/features/outbox/outbox-service";
import { agentToken, createSession, env, testApp, testServices } from "../../helpers";
import { hasReady, openLive } from "../../live-helpers";

const owedBy = async (sessionId: string) =>
  (
    await env.DB.prepare("select count(*) as n from outbox where session_id = ?")
      .bind(sessionId)
      .first<{ n: number }>()
  )?.n;

const sweeper = () => env.OUTBOX_SWEEPER.get(env.OUTBOX_SWEEPER.idFromName("outbox"));
/** The services with a clock past the age at which an entry counts as left behind. */
const later = () => testServices({ clock: () => new Date(Date.now() + ORPHAN_AFTER_MS + 1000) });

describe("the outbox", () => {
  it("is empty once a write's fan-out is done", async () => {
    const session = await createSession();
    const { request } = testApp();
    const posted = await request(`/sessions/${session.id}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agentToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ content: "on it" }),
    });
    expect(posted.status).toBe(201);
    expect(await owedBy(session.id)).toBe(0);
  });

  it("keeps what a failed fan-out owed, and the sweeper delivers it", async () => {
    const session = await createSession();
    const socket = await openLive(session.id);
    await socket.until(hasReady);
    const failing = testApp({
      live: {
        publish: async () => {
          throw new Error("room unavailable");
        },
        watchDue: async () => {},
        end: async () => {},
      },
    });
    const posted = await failing.request(`/sessions/${session.id}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agentToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ content: "stored, not yet heard" }),
    });
    expect(posted.status).toBe(201);
    const { message } = await posted.json<{ message: { seq: number } }>();
    expect(await owedBy(session.id)).toBe(1);
    expect(socket.seqs()).not.toContain(message.seq);

    expect(await later().outbox.sweep()).toBeGreaterThanOrEqual(1);
    await socket.until((frames) =>
      frames.some((f) => f.type === "message" && f.message.seq === message.seq),
    );
    expect(await owedBy(session.id)).toBe(0);
  });

  it("leaves a young entry to its writer", async () => {
    const session = await createSession();
    await env.DB.prepare(
      "insert into outbox (session_id, change, first_seq, last_seq, created_at) values (?, 'message', 1, 1, ?)",
    )
      .bind(session.id, new Date().toISOString())
      .run();
    await testServices().outbox.sweep();
    expect(await owedBy(session.id)).toBe(1);
    await later().outbox.sweep();
    expect(await owedBy(session.id)).toBe(0);
  });

  it("is swept every few seconds while writes happen, and every minute after", async () => {
    const stub = sweeper();
    await stub.arm();
    const next = () => runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    const armed = (await next()) ?? 0;
    expect(armed - Date.now()).toBeLessThanOrEqual(2_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(((await next()) ?? 0) - Date.now()).toBeLessThanOrEqual(2_000);
    // Nobody has written for a quarter of an hour: it keeps watching, at a slower pace.
    await runInDurableObject(stub, (_, state) => {
      state.storage.kv.put("armed-at", Date.now() - 15 * 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(((await next()) ?? 0) - Date.now()).toBeGreaterThan(50_000);
  });
});
