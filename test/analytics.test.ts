// Analytics against a fixture whose answers are worked out by hand. Its own file and its own hour
// (2030-01-01 10:00 to 11:00 UTC), so no other session counts.
import { describe, expect, it } from "vitest";
import { agentToken, call, mint, supervisorToken, testApp } from "./helpers";

const at = (time: string) => new Date(`2030-01-01T${time}.000Z`);

/** An app whose clock the test sets; requests carry the given token. */
function pinned() {
  const clock = { now: at("10:00:00") };
  const { request } = testApp({ clock: () => clock.now });
  const send = async (time: string, path: string, token: string | null, body?: unknown) => {
    clock.now = at(time);
    const response = await request(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(token && { Authorization: `Bearer ${token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (response.status >= 300)
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json<{ id: string; customer_token: { token: string } }>();
  };
  return { send };
}

describe("GET /analytics/summary", () => {
  it("computes the team's and each agent's figures in SQL", async () => {
    // Tokens valid at 2030-01-01 (the app's clock): minted for that time.
    const { send } = pinned();
    const ann = await mint(
      { subject: "agent-ann", name: "Ann", ttlSeconds: 86_400 },
      at("09:00:00"),
    );
    const ben = await mint(
      { subject: "agent-ben", name: "Ben", ttlSeconds: 86_400 },
      at("09:00:00"),
    );
    const sup = await mint(
      { role: "supervisor", subject: "sue", ttlSeconds: 86_400 },
      at("09:00:00"),
    );

    // S1: Ann answers after 60 s, resolves after 600 s; rated 5.
    const s1 = await send("10:00:00", "/sessions", null);
    await send("10:00:00", `/sessions/${s1.id}/assign`, sup, {
      agent_id: "agent-ann",
      agent_name: "Ann",
    });
    await send("10:01:00", `/sessions/${s1.id}/messages`, ann, { content: "Hi, Ann here" });
    await send("10:10:00", `/sessions/${s1.id}/resolve`, ann, { outcome: "resolved" });
    await send("10:11:00", `/sessions/${s1.id}/rating`, s1.customer_token.token, { score: 5 });
    // S2: Ann answers after 30 s (an internal note before does not count), resolves after 1800 s; rated 3.
    const s2 = await send("10:05:00", "/sessions", null);
    await send("10:05:00", `/sessions/${s2.id}/assign`, sup, {
      agent_id: "agent-ann",
      agent_name: "Ann",
    });
    await send("10:05:10", `/sessions/${s2.id}/messages`, ann, {
      content: "note",
      visibility: "internal",
    });
    await send("10:05:30", `/sessions/${s2.id}/messages`, ann, { content: "Hello" });
    await send("10:35:00", `/sessions/${s2.id}/resolve`, ann, { outcome: "resolved" });
    await send("10:36:00", `/sessions/${s2.id}/rating`, s2.customer_token.token, { score: 3 });
    // S3: Ben answers after 120 s; the customer abandons at 10:20.
    const s3 = await send("10:10:00", "/sessions", null);
    await send("10:10:00", `/sessions/${s3.id}/assign`, sup, {
      agent_id: "agent-ben",
      agent_name: "Ben",
    });
    await send("10:12:00", `/sessions/${s3.id}/messages`, ben, { content: "Ben here" });
    await send("10:20:00", `/sessions/${s3.id}/resolve`, ben, { outcome: "abandoned" });
    // S4: nobody answered yet. S5: started after the range.
    await send("10:15:00", "/sessions", null);
    await send("11:00:00", "/sessions", null);

    const response = await call(
      "/analytics/summary?from=2030-01-01T10:00:00Z&to=2030-01-01T11:00:00Z",
      { token: supervisorToken },
    );
    expect(response.status).toBe(200);
    const summary = await response.json<{ team: unknown; agents: { agent_id: string }[] }>();
    // First responses 30, 60, 120 s: median = rank ceil(0.5*3) = 2 -> 60, p90 = rank 3 -> 120.
    // Resolutions (outcome resolved) 600, 1800 s: median = rank 1 -> 600, p90 = rank 2 -> 1800.
    expect(summary.team).toEqual({
      started: 4,
      resolved: 2,
      abandoned: 1,
      time_to_first_response: { median: 60, p90: 120, count: 3 },
      time_to_resolution: { median: 600, p90: 1800, count: 2 },
      average_rating: 4,
      ratings: 2,
    });
    const byAgent = Object.fromEntries(summary.agents.map((a) => [a.agent_id, a]));
    expect(byAgent["agent-ann"]).toEqual({
      agent_id: "agent-ann",
      agent_name: "Ann",
      started: 2,
      resolved: 2,
      abandoned: 0,
      time_to_first_response: { median: 30, p90: 60, count: 2 },
      time_to_resolution: { median: 600, p90: 1800, count: 2 },
      average_rating: 4,
      ratings: 2,
    });
    expect(byAgent["agent-ben"]).toEqual({
      agent_id: "agent-ben",
      agent_name: "Ben",
      started: 1,
      resolved: 0,
      abandoned: 1,
      time_to_first_response: { median: 120, p90: 120, count: 1 },
      time_to_resolution: { median: null, p90: null, count: 0 },
      average_rating: null,
      ratings: 0,
    });
  });

  it("is for supervisors and admins, and needs a valid range", async () => {
    const query = "/analytics/summary?from=2030-01-01T10:00:00Z&to=2030-01-01T11:00:00Z";
    expect((await call(query, { token: agentToken })).status).toBe(403);
    expect((await call(query, { token: await mint({ role: "admin" }) })).status).toBe(200);
    expect(
      (await call("/analytics/summary?from=yesterday", { token: supervisorToken })).status,
    ).toBe(400);
  });
});
