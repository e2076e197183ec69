// Claiming from the queue: atomic, in priority order, within each agent's capacity.
// Its own test file: the queue is every open session of the file's database.
import { describe, expect, it } from "vitest";
import { act, call, createSession, mint, supervisorToken } from "../../helpers";

interface Claimed {
  id: string;
  assignee: { id: string };
  status: string;
}

describe("POST /queue/claim", () => {
  it("gives 20 agents claiming at once 10 sessions: each once, the others told the queue is empty", async () => {
    const sessions = await Promise.all(Array.from({ length: 10 }, () => createSession()));
    const agents = await Promise.all(
      Array.from({ length: 20 }, (_, i) => mint({ subject: `agent-${i}`, name: `Agent ${i}` })),
    );
    const results = await Promise.all(agents.map((token) => act("/queue/claim", token)));

    const won = results.filter((r) => r.status === 200).map((r) => r.body as unknown as Claimed);
    const lost = results.filter((r) => r.status !== 200);
    expect(won).toHaveLength(10);
    expect(lost.map((r) => [r.status, r.body.type])).toEqual(
      Array(10).fill([404, "/problems/queue-empty"]),
    );
    expect(new Set(won.map((s) => s.id))).toEqual(new Set(sessions.map((s) => s.id)));
    expect(new Set(won.map((s) => s.assignee.id)).size).toBe(10);

    // What each agent was told is what is stored: one assignee per session, one "joined" each.
    for (const claimed of won) {
      const stored = await (
        await call(`/sessions/${claimed.id}`, { token: supervisorToken })
      ).json<{ assignee: { id: string }; messages: { author_type: string; content: string }[] }>();
      expect(stored.assignee.id).toBe(claimed.assignee.id);
      expect(stored.messages.filter((m) => m.author_type === "system")).toHaveLength(1);
    }
  });

  it("takes escalated, then urgent, then the longest-waiting first", async () => {
    const [oldest, newer, escalated] = [
      await createSession(),
      await createSession(),
      await createSession(),
    ];
    await act(`/sessions/${escalated.id}/escalate`, supervisorToken, { reason: "angry" });
    const agent = await mint({ subject: "agent-order" });
    const order = [];
    for (let i = 0; i < 3; i++)
      order.push(((await act("/queue/claim", agent)).body as { id: string }).id);
    expect(order).toEqual([escalated.id, oldest.id, newer.id]);
  });

  it("never exceeds an agent's capacity, as set by a supervisor", async () => {
    await Promise.all(Array.from({ length: 3 }, () => createSession()));
    const capacity = await fetchCapacity("agent-small", 2);
    expect(capacity).toEqual({ agent_id: "agent-small", capacity: 2 });
    const agent = await mint({ subject: "agent-small" });
    expect((await act("/queue/claim", agent)).status).toBe(200);
    expect((await act("/queue/claim", agent)).status).toBe(200);
    const third = await act("/queue/claim", agent);
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ type: "/problems/at-capacity" });
    // Resolving one frees a place.
    const mine = await (
      await call("/sessions?assignee=agent-small&status=assigned", { token: supervisorToken })
    ).json<{ sessions: { id: string }[] }>();
    expect(mine.sessions).toHaveLength(2);
    await act(`/sessions/${mine.sessions[0]?.id}/resolve`, agent, {});
    expect((await act("/queue/claim", agent)).status).toBe(200);
  });

  it("is pushed to agents' consoles on the live queue", async () => {
    const response = await call("/queue/live", {
      headers: { Upgrade: "websocket" },
      token: supervisorToken,
    });
    const ws = response.webSocket;
    if (!ws) throw new Error(`no upgrade: ${response.status}`);
    ws.accept();
    const frames: { type: string; change?: string; session?: { id: string } }[] = [];
    ws.addEventListener("message", (event) => frames.push(JSON.parse(event.data as string)));
    const session = await createSession();
    await act("/queue/claim", await mint({ subject: "agent-live" }));
    const deadline = Date.now() + 5000;
    while (!frames.some((f) => f.change === "claimed" && f.session?.id === session.id)) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(frames));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(frames.find((f) => f.session?.id === session.id)?.change).toBe("created");
    // Customers may not follow the queue.
    const customer = await call("/queue/live", {
      headers: { Upgrade: "websocket" },
      token: session.customer_token.token,
    });
    expect(customer.status).toBe(403);
  });

  it("says how many sessions the agent holds, in words that fit one", async () => {
    await createSession();
    await fetchCapacity("agent-single", 1);
    const agent = await mint({ subject: "agent-single" });
    expect((await act("/queue/claim", agent)).status).toBe(200);
    const refused = await act("/queue/claim", agent);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      detail: "You already hold 1 session, your capacity (1): resolve or transfer one first.",
    });
  });
});

async function fetchCapacity(agentId: string, capacity: number) {
  const response = await call(`/agents/${agentId}/capacity`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ capacity }),
    token: supervisorToken,
  });
  expect(response.status).toBe(200);
  return response.json();
}
