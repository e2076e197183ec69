// Writes that race: whoever is told "done" was done, exactly as often as the rule allows, and
// whoever was refused changed nothing. Success is decided by what D1 answers, never by a value
// that concurrent requests share (a timestamp, a status read before the write).
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  postJson,
  type SessionBody,
  supervisorToken,
  testApp,
} from "./helpers";

async function resolvedSession() {
  const session = await createSession();
  expect((await act(`/sessions/${session.id}/resolve`, agentToken, {})).status).toBe(200);
  return session;
}

describe("concurrent writes", () => {
  it("five ratings at once: exactly one is stored, the others are 409 and change nothing", async () => {
    const session = await resolvedSession();
    // One pinned clock: every rating carries the same timestamp, as concurrent ones may.
    const at = new Date();
    const { request } = testApp({ clock: () => at });
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(async (score) => {
        const response = await request(`/sessions/${session.id}/rating`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${session.customer_token.token}`,
          },
          body: JSON.stringify({ score, comment: `score ${score}` }),
        });
        return { score, status: response.status, body: await response.json<SessionBody>() };
      }),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
    const winner = won[0] as (typeof answers)[number];
    expect(winner.body).toMatchObject({ rating: { score: winner.score } });
    const stored = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(stored).toMatchObject({
      rating: { score: winner.score, comment: `score ${winner.score}` },
    });
  });

  it("five customer messages just after resolution: all stored, one reopen, one system message", async () => {
    const session = await resolvedSession();
    const contents = ["one", "two", "three", "four", "five"];
    const statuses = await Promise.all(
      contents.map(
        async (content) => (await postJson(`/sessions/${session.id}/messages`, { content })).status,
      ),
    );
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const stored = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(stored.status).toBe("open");
    const reopens = stored.messages.filter((m) => m.content.includes("reopened"));
    expect(reopens).toHaveLength(1);
    expect(
      stored.messages
        .filter((m) => m.author_type === "customer")
        .map((m) => m.content)
        .sort(),
    ).toEqual([...contents].sort());
    // The reopening comes before every message that reopened the session.
    const reopenSeq = reopens[0]?.seq ?? 0;
    for (const message of stored.messages.filter((m) => m.author_type === "customer")) {
      expect(message.seq).toBeGreaterThan(reopenSeq);
    }
  });

  it("two supervisors assigning one session to two agents at once: one wins, one 409", async () => {
    const session = await createSession();
    const [a, b] = await Promise.all([
      act(`/sessions/${session.id}/assign`, supervisorToken, { agent_id: "agent-x" }),
      act(`/sessions/${session.id}/assign`, supervisorToken, { agent_id: "agent-x" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(stored.messages.filter((m) => m.author_type === "system")).toHaveLength(1);
  });
});
