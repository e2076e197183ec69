// Routing: service levels (due times, escalation when the room's alarm rings).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { roomOf } from "../../../src/platform/stubs";
import { act, call, env, mint, postJson, type SessionBody, supervisorToken } from "../../helpers";
import { openQueue } from "../../live-helpers";
import { agentView, createTeam, eventually, fresh, startIn } from "./routing-helpers";

describe("service levels", () => {
  const levels = (first: number, next: number) => ({
    normal: { first_response_seconds: first, next_response_seconds: next },
  });

  it("know when the first and the next answer are due", async () => {
    const subject = fresh("agent");
    const { id: team } = await createTeam({
      id: fresh("due"),
      routing: "manual",
      members: [subject],
      service_levels: levels(600, 300),
    });
    const session = await startIn({ team_id: team });
    const waiting = await agentView(session.id);
    expect(waiting.due_kind).toBe("first_response");
    expect(Date.parse(waiting.due_at as string) - Date.parse(waiting.created_at)).toBe(600_000);
    // The session's room keeps its alarm for it.
    const room = roomOf(env.SESSION_ROOMS, session.id);
    const watched = await eventually(
      () =>
        runInDurableObject(room, (_, state) =>
          state.storage.kv.get<{ at: number }>("service-level-due"),
        ),
      (due) => due !== undefined,
    );
    expect(watched?.at).toBe(Date.parse(waiting.due_at as string));

    const agent = await mint({ subject });
    await act("/queue/claim", agent);
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "Hello, I am on it.", author_type: "service_agent" },
      { token: agent },
    );
    const answered = await agentView(session.id);
    expect([answered.due_at, answered.due_kind]).toEqual([null, null]);
    const customer = await postJson(`/sessions/${session.id}/messages`, { content: "Thanks!" });
    const asked = (await customer.json<SessionBody>()).message;
    const next = await agentView(session.id);
    expect(next.due_kind).toBe("next_response");
    expect(Date.parse(next.due_at as string) - Date.parse(asked?.timestamp as string)).toBe(
      300_000,
    );
  });

  it("escalate a session whose answer is overdue when the room's alarm rings, and tell supervisors", async () => {
    const { id: team } = await createTeam({
      id: fresh("breach"),
      routing: "manual",
      service_levels: levels(3600, 3600),
    });
    const supervisor = await openQueue(supervisorToken, team);
    await supervisor.until((frames) => frames.some((f) => f.type === "ready"));
    const session = await startIn({ team_id: team });
    const room = roomOf(env.SESSION_ROOMS, session.id);
    await eventually(
      () => runInDurableObject(room, (_, state) => state.storage.kv.get("service-level-due")),
      (due) => due !== undefined,
    );
    // An hour passes: the answer is overdue in D1, and the room's alarm is due.
    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.prepare("update chat_sessions set due_at = ? where id = ?")
      .bind(past, session.id)
      .run();
    await runInDurableObject(room, (_, state) => {
      state.storage.kv.put("service-level-due", { sessionId: session.id, at: Date.now() - 1000 });
    });
    expect(await runDurableObjectAlarm(room)).toBe(true);

    const breached = await agentView(session.id);
    expect(breached).toMatchObject({ escalated: true, priority: "high", due_at: null });
    expect(breached.sla_breached_at).not.toBeNull();
    expect(breached.messages.at(-1)).toMatchObject({
      author_type: "system",
      visibility: "internal",
    });
    expect(breached.messages.at(-1)?.content).toContain("Service level missed");
    await supervisor.until((frames) =>
      frames.some((f) => f.type === "queue" && f.change === "sla_breached"),
    );
    // The customer never reads the internal note.
    const customerView = await call(`/sessions/${session.id}`);
    const seen = await customerView.json<SessionBody>();
    expect(seen.messages.some((m) => m.content.includes("Service level"))).toBe(false);
    // A second ring finds nothing due: no second escalation.
    await runDurableObjectAlarm(room);
    expect(
      (await agentView(session.id)).messages.filter((m) => m.author_type === "system"),
    ).toHaveLength(1);
  });

  it("ring by themselves when the time comes", async () => {
    const { id: team } = await createTeam({
      id: fresh("ring"),
      routing: "manual",
      service_levels: levels(1, 1),
    });
    const session = await startIn({ team_id: team });
    const breached = await eventually(
      () => agentView(session.id),
      (s) => s.sla_breached_at !== null,
      8000,
    );
    expect(breached.escalated).toBe(true);
  });
});
