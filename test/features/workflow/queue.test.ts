// GET /sessions: the agents' queue, filtered, sorted and paged by an opaque cursor.
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  mint,
  postJson,
  supervisorToken,
} from "../../helpers";

interface Row {
  id: string;
  status: string;
  priority: string;
  escalated: boolean;
  last_seq: number;
  last_message: { seq: number; author_type: string; content: string; visibility: string } | null;
  unread: number;
}
interface Page {
  sessions: Row[];
  has_more: boolean;
  next_cursor: string | null;
}

const list = async (query: string, token = agentToken) => {
  const response = await call(`/sessions?${query}`, { token });
  expect(response.status).toBe(200);
  return response.json<Page>();
};

describe("GET /sessions", () => {
  it("filters, sorts in triage order or by activity, previews and counts unread", async () => {
    const [a, b, c] = [await createSession(), await createSession(), await createSession()];
    const me = await mint({ subject: "agent-queue", name: "Q" });
    await act(`/sessions/${b.id}/assign`, supervisorToken, { agent_id: "agent-queue" });
    await act(`/sessions/${c.id}/escalate`, agentToken, { reason: "urgent" });
    await postJson(`/sessions/${a.id}/messages`, { content: "newest activity" });
    await postJson(`/sessions/${b.id}/messages`, { content: "hello Q" });
    await act(`/sessions/${b.id}/read`, me, { last_read_seq: 2 });

    const ours = new Set([a.id, b.id, c.id]);
    const waiting = (await list("limit=100")).sessions.filter((s) => ours.has(s.id));
    // Triage order: the escalated (now high priority) session first, then by waiting time.
    expect(waiting.map((s) => s.id)).toEqual([c.id, a.id, b.id]);

    const activity = (await list("sort=activity&limit=100")).sessions.filter((s) => ours.has(s.id));
    expect(activity.map((s) => s.id)).toEqual([b.id, a.id, c.id]);

    const mine = await list("assignee=me", me);
    expect(mine.sessions.map((s) => s.id)).toEqual([b.id]);
    // b: greeting, "joined", "hello Q" = 3; read up to 2: 1 unread; preview is the newest message.
    expect(mine.sessions[0]).toMatchObject({
      status: "assigned",
      unread: 1,
      last_message: { seq: 3, content: "hello Q", visibility: "public" },
    });

    const escalated = (await list("escalated=true&limit=100")).sessions.map((s) => s.id);
    expect(escalated).toContain(c.id);
    expect(escalated).not.toContain(a.id);
    const high = (await list("priority=high&status=open&limit=100")).sessions.map((s) => s.id);
    expect(high).toContain(c.id);
    const unassigned = (await list("assignee=none&limit=100")).sessions.map((s) => s.id);
    expect(unassigned).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(unassigned).not.toContain(b.id);
  });

  it("previews the newest message someone wrote, not the service's own lines after it", async () => {
    const session = await createSession();
    const run = crypto.randomUUID().slice(0, 8);
    const agentId = `agent-preview-${run}`;
    const agent = await mint({ subject: agentId, name: "Pat" });
    await postJson(`/sessions/${session.id}/messages`, { content: "My order never arrived" });
    // The assignment writes "An agent joined" (seq 3) after the customer's message (seq 2).
    await act(`/sessions/${session.id}/assign`, supervisorToken, { agent_id: agentId });
    const row = async () => {
      const { sessions } = await list("assignee=me", agent);
      expect(sessions.map((s) => s.id)).toEqual([session.id]);
      return sessions[0] as Row;
    };
    expect(await row()).toMatchObject({
      last_message: {
        seq: 2,
        author_type: "customer",
        content: "My order never arrived",
        visibility: "public",
      },
    });
    // An agent's reply, and then an internal note (agents see those), are someone's words too.
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "Checking now" },
      { token: agent },
    );
    expect((await row()).last_message).toMatchObject({ seq: 4, author_type: "service_agent" });
    const note = { content: "courier lost it", visibility: "internal" };
    await postJson(`/sessions/${session.id}/messages`, note, { token: agent });
    expect((await row()).last_message).toMatchObject({ seq: 5, visibility: "internal" });
  });

  it("previews nothing while only the greeting and the service's own lines are there", async () => {
    const session = await createSession();
    const agentId = `agent-silent-${crypto.randomUUID().slice(0, 8)}`;
    const agent = await mint({ subject: agentId, name: "Pat" });
    // The greeting (seq 1): the same configured text in every session, written by no one.
    const waiting = await list(`customer=${encodeURIComponent(session.customer?.id ?? "")}`);
    expect(waiting.sessions).toMatchObject([{ id: session.id, last_seq: 1, last_message: null }]);
    // Then the transitions: "An agent joined", the escalation's note.
    await act(`/sessions/${session.id}/assign`, supervisorToken, { agent_id: agentId });
    await act(`/sessions/${session.id}/escalate`, agent, { reason: "VIP" });
    const { sessions } = await list("assignee=me", agent);
    expect(sessions).toMatchObject([{ id: session.id, last_seq: 3, last_message: null }]);
  });

  it("pages with an opaque cursor, without gap or duplicate", async () => {
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await createSession()).id);
    for (const sort of ["waiting", "activity"]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list(`sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.sessions.map((s) => s.id));
        expect(page.has_more).toBe(page.next_cursor !== null);
        cursor = page.next_cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(created));
    }
    const bad = await call("/sessions?cursor=not-a-cursor", { token: agentToken });
    expect(bad.status).toBe(400);
  });

  it("lists one customer's sessions, newest activity first: the customer keeps their id across chats", async () => {
    const first = await createSession();
    const returning = first.customer_token.token;
    const second = await createSession({ token: returning });
    await createSession(); // someone else
    const customerId = first.customer?.id;
    expect(customerId).toMatch(/^customer:/);
    expect(second.customer?.id).toBe(customerId);
    const theirs = await list(`customer=${encodeURIComponent(customerId ?? "")}&sort=activity`);
    expect(theirs.sessions.map((s) => s.id)).toEqual([second.id, first.id]);
    expect((await list("customer=nobody")).sessions).toEqual([]);
  });

  it("shows an agent their teams' sessions (and those in no team, and their own); supervisors all", async () => {
    const run = crypto.randomUUID().slice(0, 6);
    const [support, billing] = [`support-${run}`, `billing-${run}`];
    const member = `member-${run}`;
    for (const [id, members] of [
      [support, [member]],
      [billing, []],
    ] as const) {
      const created = await postJson(
        "/teams",
        { id, name: id, routing: "manual", members },
        { token: supervisorToken },
      );
      expect(created.status).toBe(201);
    }
    const start = (team_id?: string) =>
      createSession({
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(team_id ? { team_id } : {}),
        token: null,
      });
    const [ours, theirs, none, handed] = [
      await start(support),
      await start(billing),
      await start(),
      await start(billing),
    ];
    // A billing session a supervisor gave this agent is theirs to see, whatever its team.
    await act(`/sessions/${handed.id}/assign`, supervisorToken, { agent_id: member });
    const token = await mint({ subject: member, name: "Member" });
    const seen = new Set((await list("limit=500", token)).sessions.map((s) => s.id));
    expect(seen.has(ours.id)).toBe(true);
    expect(seen.has(none.id)).toBe(true);
    expect(seen.has(handed.id)).toBe(true);
    expect(seen.has(theirs.id)).toBe(false);
    const refused = await call(`/sessions?team=${billing}`, { token });
    expect(refused.status).toBe(403);
    const all = new Set((await list("limit=500", supervisorToken)).sessions.map((s) => s.id));
    for (const session of [ours, theirs, none, handed]) expect(all.has(session.id)).toBe(true);
  });

  it("is for agents, supervisors and admins, not customers", async () => {
    const session = await createSession();
    expect((await call("/sessions", { token: session.customer_token.token })).status).toBe(403);
    expect((await call("/sessions", { token: null })).status).toBe(401);
    expect((await call("/sessions", { token: supervisorToken })).status).toBe(200);
  });
});
