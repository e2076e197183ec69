// Analytics against a fixture whose answers are worked out by hand. Its own file and its own hour
// (2030-01-01 10:00 to 11:00 UTC), so no other session counts.
import { describe, expect, it } from "vitest";
import { agentToken, call, mint, supervisorToken, testApp, testServices } from "../../helpers";

const at = (time: string) => new Date(`2030-01-01T${time}.000Z`);

/** An app whose clock the test sets; requests carry the given token. */
function pinned() {
  const clock = { now: at("10:00:00") };
  const { request } = testApp({ clock: () => clock.now });
  // The same services, for what no request does: a session room's service-level alarm ringing.
  const services = testServices({
    clock: () => clock.now,
  });
  const alarm = async (time: string, sessionId: string) => {
    clock.now = at(time);
    await services.serviceLevels.check(sessionId);
  };
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
  return { send, alarm };
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
      assignments: 2,
      service_levels: { measured: 0, breached: 0, attainment: null },
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
      assignments: 1,
      service_levels: { measured: 0, breached: 0, attainment: null },
    });
  });

  it("computes service levels per team and agent, time to first response by team, assignments per agent", async () => {
    // Its own hour: 2030-01-01 12:00 to 13:00, and its own agents and teams.
    const { send, alarm } = pinned();
    const token = (subject: string, role?: "supervisor") =>
      mint({ subject, name: subject, ttlSeconds: 86_400, ...(role && { role }) }, at("09:00:00"));
    const [cat, dan, sup] = [
      await token("agent-cat"),
      await token("agent-dan"),
      await token("sv", "supervisor"),
    ];
    const run = crypto.randomUUID().slice(0, 6);
    const [kept, loose] = [`kept-${run}`, `loose-${run}`];
    const team = (id: string, levels: unknown) =>
      send("12:00:00", "/teams", sup, {
        id,
        name: id,
        routing: "manual",
        service_levels: levels,
      });
    await team(kept, { normal: { first_response_seconds: 120, next_response_seconds: 600 } });
    await team(loose, {});

    // T1 (kept): Cat answers after 60 s, within the 120 s target.
    const t1 = await send("12:00:00", "/sessions", null, { team_id: kept });
    await send("12:00:00", `/sessions/${t1.id}/assign`, sup, { agent_id: "agent-cat" });
    await send("12:01:00", `/sessions/${t1.id}/messages`, cat, { content: "Hi" });
    // T2 (kept): nobody answers by 12:07; the room's alarm escalates it at 12:08. Dan answers at 12:10.
    const t2 = await send("12:05:00", "/sessions", null, { team_id: kept });
    await alarm("12:06:00", t2.id); // not due yet: nothing happens
    await alarm("12:08:00", t2.id);
    await send("12:09:00", `/sessions/${t2.id}/assign`, sup, { agent_id: "agent-dan" });
    await send("12:10:00", `/sessions/${t2.id}/messages`, dan, { content: "Sorry!" });
    // T3 (loose, no targets): Dan answers after 30 s; then Cat takes it over.
    const t3 = await send("12:20:00", "/sessions", null, { team_id: loose });
    await send("12:20:00", `/sessions/${t3.id}/assign`, sup, { agent_id: "agent-dan" });
    await send("12:20:30", `/sessions/${t3.id}/messages`, dan, { content: "Hello" });
    await send("12:30:00", `/sessions/${t3.id}/transfer`, dan, { agent_id: "agent-cat" });

    const response = await call(
      "/analytics/summary?from=2030-01-01T12:00:00Z&to=2030-01-01T13:00:00Z",
      { token: supervisorToken },
    );
    const summary = await response.json<{
      teams: { team_id: string }[];
      agents: { agent_id: string; assignments: number; service_levels: unknown }[];
    }>();
    const teams = Object.fromEntries(summary.teams.map((t) => [t.team_id, t]));
    // First responses in `kept`: 60 s and 300 s (12:05 to 12:10): median rank 1, p90 rank 2.
    expect(teams[kept]).toEqual({
      team_id: kept,
      started: 2,
      time_to_first_response: { median: 60, p90: 300, count: 2 },
      service_levels: { measured: 2, breached: 1, attainment: 0.5 },
    });
    expect(teams[loose]).toEqual({
      team_id: loose,
      started: 1,
      time_to_first_response: { median: 30, p90: 30, count: 1 },
      service_levels: { measured: 0, breached: 0, attainment: null },
    });
    const agents = Object.fromEntries(summary.agents.map((a) => [a.agent_id, a]));
    // Cat: T1, and T3 by transfer. Dan: T2 and T3. Levels by the sessions they hold (T3: no target).
    expect(agents["agent-cat"]).toMatchObject({
      assignments: 2,
      service_levels: { measured: 1, breached: 0, attainment: 1 },
    });
    expect(agents["agent-dan"]).toMatchObject({
      assignments: 2,
      service_levels: { measured: 1, breached: 1, attainment: 0 },
    });
  });

  it("names agents the sessions left unnamed as the agents table knows them", async () => {
    // Its own hour: 2030-01-01 14:00 to 15:00. Eve is assigned without a name; Fay only takes over
    // a session started before the hour (she appears through her assignment alone).
    const { send } = pinned();
    const run = crypto.randomUUID().slice(0, 6);
    const [eve, fay] = [`agent-eve-${run}`, `agent-fay-${run}`];
    const sup = await mint(
      { role: "supervisor", subject: "sv", ttlSeconds: 86_400 },
      at("09:00:00"),
    );
    for (const [subject, name] of [
      [eve, "Eve"],
      [fay, "Fay"],
    ] as const) {
      const token = await mint({ subject, name });
      const chosen = await call("/agents/me/status", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ status: "online" }),
        token,
      });
      expect(chosen.status).toBe(200);
    }
    const early = await send("13:50:00", "/sessions", null);
    const late = await send("14:00:00", "/sessions", null);
    await send("14:01:00", `/sessions/${late.id}/assign`, sup, { agent_id: eve });
    await send("14:02:00", `/sessions/${early.id}/assign`, sup, { agent_id: fay });

    const response = await call(
      "/analytics/summary?from=2030-01-01T14:00:00Z&to=2030-01-01T15:00:00Z",
      { token: supervisorToken },
    );
    const summary = await response.json<{ agents: { agent_id: string; agent_name: string }[] }>();
    const names = Object.fromEntries(summary.agents.map((a) => [a.agent_id, a.agent_name]));
    expect(names).toMatchObject({ [eve]: "Eve", [fay]: "Fay" });
  });

  it("is for supervisors and admins, and needs a valid range", async () => {
    const query = "/analytics/summary?from=2030-01-01T10:00:00Z&to=2030-01-01T11:00:00Z";
    expect((await call(query, { token: agentToken })).status).toBe(403);
    expect((await call(query, { token: await mint({ role: "admin" }) })).status).toBe(200);
    expect(
      (await call("/analytics/summary?from=yesterday", { token: supervisorToken })).status,
    ).toBe(400);
    // A swapped or empty period, here and in its CSV: to must come after from (offsets counted).
    for (const path of ["/analytics/summary", "/exports/analytics"]) {
      for (const period of [
        "from=2030-01-01T11:00:00Z&to=2030-01-01T10:00:00Z",
        "from=2030-01-01T10:00:00Z&to=2030-01-01T10:00:00Z",
        "from=2030-01-01T10:00:00Z&to=2030-01-01T11:30:00%2B02:00",
      ]) {
        const refused = await call(`${path}?${period}`, { token: supervisorToken });
        expect(refused.status, `${path}?${period}`).toBe(400);
        expect(await refused.json()).toMatchObject({
          errors: [{ path: "query.to", message: "must be after from" }],
        });
      }
    }
  });
});
