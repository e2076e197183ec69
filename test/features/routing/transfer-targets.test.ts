// Whom a session could be transferred to (GET /sessions/{id}/transfer-targets), and the agent
// answers it draws on: names (the token's where the record has none yet) and effective capacity.
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  config,
  createSession,
  env,
  mint,
  supervisorToken,
} from "../../helpers";
import { openQueue } from "../../live-helpers";

let unique = 0;
const fresh = (prefix: string) => `${prefix}-${++unique}-${crypto.randomUUID().slice(0, 6)}`;

const put = (path: string, body: unknown, token = supervisorToken) =>
  call(path, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    token,
  });

async function createTeam(id: string, name: string, members: string[], routing = "manual") {
  const response = await act("/teams", supervisorToken, { id, name, routing, members });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

interface Targets {
  agents: { id: string; name: string | null; status: string; assigned: number }[];
  teams: { id: string; name: string }[];
}

const targetsOf = (sessionId: string, token = supervisorToken) =>
  call(`/sessions/${sessionId}/transfer-targets`, { token });

/** An agent of `team` with a name in the agents table, online with a console open. */
async function onlineAgent(team: string, id: string, name: string) {
  const token = await mint({ subject: id, name });
  const console_ = await openQueue(token, team);
  await console_.until((frames) => frames.some((f) => f.type === "ready"));
  return { id, token };
}

describe("GET /sessions/{id}/transfer-targets", () => {
  it("names the team's members but the assignee, the available first, and the other teams", async () => {
    const team = fresh("desk");
    const other = fresh("other");
    const [away, newcomer, holderId, readyId] = [
      fresh("al"),
      fresh("new"),
      fresh("holder"),
      fresh("rita"),
    ];
    await createTeam(team, "Front desk", [away, newcomer, holderId, readyId]);
    await createTeam(other, "Billing \u202e team", []);
    const holder = await onlineAgent(team, holderId, "Holder");
    const ready = await onlineAgent(team, readyId, "Rita");
    const al = await onlineAgent(team, away, "Al");
    await put("/agents/me/status", { status: "away" }, al.token);
    await put(`/agents/${ready.id}/capacity`, { capacity: 2 });
    const session = await createSession({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ team_id: team }),
      token: null,
    });
    expect((await act(`/sessions/${session.id}/take`, holder.token)).status).toBe(200);

    const response = await targetsOf(session.id, holder.token);
    expect(response.status).toBe(200);
    const targets = await response.json<Targets>();
    expect(targets.agents).toEqual([
      { id: ready.id, name: "Rita", status: "online", assigned: 0, effective_capacity: 2 },
      {
        id: away,
        name: "Al",
        status: "away",
        assigned: 0,
        effective_capacity: config.agentDefaultCapacity,
      },
      {
        id: newcomer,
        name: null,
        status: "offline",
        assigned: 0,
        effective_capacity: config.agentDefaultCapacity,
      },
    ]);
    expect(targets.teams).toContainEqual({ id: other, name: "Billing \u202e team" });
    expect(targets.teams.map((t) => t.id)).not.toContain(team);
  });

  it("offers every known agent for a session in no team, and members without a row of their own", async () => {
    // A member added by hand (as the sample data does): in the team, not yet in the agents table.
    const team = fresh("bare");
    const bare = fresh("agent");
    await createTeam(team, "Bare", []);
    await env.DB.prepare("insert into team_members (team_id, agent_id, joined_at) values (?, ?, ?)")
      .bind(team, bare, new Date().toISOString())
      .run();
    const inTeam = await createSession({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ team_id: team }),
      token: null,
    });
    const bareTargets = await (await targetsOf(inTeam.id)).json<Targets>();
    expect(bareTargets.agents).toEqual([
      {
        id: bare,
        name: null,
        status: "offline",
        assigned: 0,
        effective_capacity: config.agentDefaultCapacity,
      },
    ]);

    const loose = await createSession();
    const holder = fresh("agent");
    await act(`/sessions/${loose.id}/assign`, supervisorToken, {
      agent_id: holder,
      agent_name: "Hal",
    });
    await put("/agents/me/status", { status: "online" }, await mint({ subject: holder }));
    const someone = fresh("agent");
    await put(
      "/agents/me/status",
      { status: "online" },
      await mint({ subject: someone, name: "Sue" }),
    );
    const targets = await (await targetsOf(loose.id)).json<Targets>();
    const ids = targets.agents.map((a) => a.id);
    expect(ids).toContain(someone);
    expect(ids).not.toContain(holder);
    expect(targets.agents.find((a) => a.id === someone)).toMatchObject({ name: "Sue" });
    expect(targets.teams.map((t) => t.id)).toContain(team);
  });

  it("is for the session's agent and supervisors; others are refused, unknown sessions not found", async () => {
    const session = await createSession();
    await act(`/sessions/${session.id}/assign`, supervisorToken, { agent_id: "agent-alice" });
    expect((await targetsOf(session.id, agentToken)).status).toBe(200);
    const colleague = await mint({ subject: fresh("agent") });
    const refused = await targetsOf(session.id, colleague);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await targetsOf(session.id, session.customer_token.token)).status).toBe(403);
    expect((await targetsOf(session.id, await mint({ role: "admin" }))).status).toBe(403);
    expect((await call(`/sessions/${session.id}/transfer-targets`, { token: null })).status).toBe(
      401,
    );
    expect((await targetsOf(crypto.randomUUID())).status).toBe(404);
    expect((await targetsOf("not-a-uuid")).status).toBe(404);
  });
});

describe("agent answers", () => {
  it("name a member added before first sign-in by their token, and the record learns it on connect", async () => {
    const team = fresh("early");
    const id = fresh("agent");
    await createTeam(team, "Early", [id]);
    const token = await mint({ subject: id, name: "Edith" });
    expect(await (await call("/agents/me", { token })).json()).toMatchObject({ id, name: "Edith" });
    const listed = async () =>
      (await (await call("/agents", { token: supervisorToken })).json<Targets>()).agents.find(
        (a) => a.id === id,
      );
    expect((await listed())?.name).toBeNull();
    const console_ = await openQueue(token, team);
    await console_.until((frames) => frames.some((f) => f.type === "ready"));
    expect((await listed())?.name).toBe("Edith");
  });

  it("carry the effective capacity: the agent's own, else the default", async () => {
    const id = fresh("agent");
    const token = await mint({ subject: id, name: "Cap" });
    expect(await (await call("/agents/me", { token })).json()).toMatchObject({
      capacity: null,
      effective_capacity: config.agentDefaultCapacity,
    });
    await put(`/agents/${id}/capacity`, { capacity: 3 });
    const chosen = await put("/agents/me/status", { status: "online" }, token);
    expect(await chosen.json()).toMatchObject({ capacity: 3, effective_capacity: 3 });
  });
});
