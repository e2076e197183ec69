// Routing: automatic assignment in auto teams, manual teams, transfers to a team's queue, drains.
import { describe, expect, it } from "vitest";
import { act, call, mint, supervisorToken } from "../../helpers";
import {
  type Agent,
  agentAt,
  agentView,
  createTeam,
  eventually,
  fresh,
  json,
  me,
  startIn,
} from "./routing-helpers";

describe("automatic assignment", () => {
  it("gives each session entering an auto team's queue to the online member with the most room", async () => {
    const a = fresh("agent");
    const b = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("auto"), members: [a, b] });
    const [alice, bob] = [await agentAt(team, a), await agentAt(team, b)];
    await eventually(
      () => me(bob.token),
      (agent) => agent.connected,
    );

    const first = await startIn({ team_id: team });
    // The answer already shows the assignment, and the system message the claim writes.
    expect(first.status).toBe("assigned");
    expect(first.messages.map((m) => m.author_type)).toEqual(["service_agent", "system"]);
    const second = await startIn({ team_id: team });
    expect(second.status).toBe("assigned");
    // The customer reads who joined by name, never by id.
    expect(first.assignee).toEqual({ name: expect.any(String) });
    // One each: the second goes to the one with more room.
    const holders = [
      (await agentView(first.id)).assignee?.id,
      (await agentView(second.id)).assignee?.id,
    ];
    expect(new Set(holders)).toEqual(new Set([a, b]));
    // Both consoles hear of both, as claims.
    for (const agent of [alice, bob]) {
      await agent.console.until(
        (frames) => frames.filter((f) => f.type === "queue" && f.change === "claimed").length === 2,
      );
    }
  });

  it("counts what each agent holds, and knows a member's teams before they first connect", async () => {
    const a = fresh("agent");
    const newcomer = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("auto"), members: [a, newcomer] });
    // Never connected, never chose: no row of their own yet, but in the team.
    const newcomerToken = await mint({ subject: newcomer, name: newcomer });
    expect(await me(newcomerToken)).toMatchObject({ teams: [team], assigned: 0, connected: false });

    const alice = await agentAt(team, a);
    await startIn({ team_id: team });
    await startIn({ team_id: team });
    expect((await me(alice.token)).assigned).toBe(2);
    const listed = await call("/agents", { token: supervisorToken }).then((r) =>
      r.json<{ agents: Agent[] }>(),
    );
    expect(listed.agents.find((agent) => agent.id === a)).toMatchObject({
      assigned: 2,
      teams: [team],
    });
  });

  it("passes over away agents, and hands the waiting session to one who comes online", async () => {
    const subject = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("away"), members: [subject] });
    const agent = await agentAt(team, subject);
    await call("/agents/me/status", json("PUT", { status: "away" }, agent.token));
    const waiting = await startIn({ team_id: team });
    expect(waiting.status).toBe("open");
    await call("/agents/me/status", json("PUT", { status: "online" }, agent.token));
    expect(await agentView(waiting.id)).toMatchObject({
      status: "assigned",
      assignee: { id: subject },
    });
  });

  it("never goes over capacity: the next waits until the agent resolves one", async () => {
    const subject = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("cap"), members: [subject] });
    await call(`/agents/${subject}/capacity`, json("PUT", { capacity: 1 }));
    const agent = await agentAt(team, subject);
    const first = await startIn({ team_id: team });
    const second = await startIn({ team_id: team });
    expect([first.status, second.status]).toEqual(["assigned", "open"]);
    expect((await act(`/sessions/${first.id}/resolve`, agent.token)).status).toBe(200);
    expect(await agentView(second.id)).toMatchObject({
      status: "assigned",
      assignee: { id: subject },
    });
    // More room hands over waiting sessions too.
    const third = await startIn({ team_id: team });
    expect(third.status).toBe("open");
    await call(`/agents/${subject}/capacity`, json("PUT", { capacity: 2 }));
    expect((await agentView(third.id)).status).toBe("assigned");
  });

  it("hands out every waiting session an agent coming online has room for, not just the first 50", async () => {
    const subject = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("backlog"), members: [subject] });
    await call(`/agents/${subject}/capacity`, json("PUT", { capacity: 80 }));
    const agent = await agentAt(team, subject);
    await call("/agents/me/status", json("PUT", { status: "away" }, agent.token));
    const waiting = [];
    for (let i = 0; i < 60; i++) waiting.push(await startIn({ team_id: team }));
    expect(waiting.every((session) => session.status === "open")).toBe(true);

    const online = await call("/agents/me/status", json("PUT", { status: "online" }, agent.token));
    expect((await online.json<Agent>()).assigned).toBe(60);
    const left = await call(`/sessions?team=${team}&status=open`, { token: supervisorToken });
    expect((await left.json<{ sessions: unknown[] }>()).sessions).toEqual([]);
    // 60 sessions started and 60 routed one by one: 3-8 s on a busy 2-core machine, not a hang.
  }, 30_000);

  it("offers a session that needs a skill only to an agent who has it", async () => {
    const [plain, german] = [fresh("agent"), fresh("agent")];
    const { id: team } = await createTeam({ id: fresh("skill"), members: [plain, german] });
    await agentAt(team, plain);
    const needs = await startIn({ team_id: team, skill: "lang:de" });
    expect(needs.status).toBe("open");
    expect((await agentView(needs.id)).required_skill).toBe("lang:de");
    // A member without the skill may not claim it either (escalated, it would come first).
    await act(`/sessions/${needs.id}/escalate`, supervisorToken, { reason: "first in line" });
    const claim = await act("/queue/claim", await mint({ subject: plain }));
    expect(claim.body.id).not.toBe(needs.id);
    await call(`/agents/${german}/skills`, json("PUT", { skills: ["lang:de"] }));
    await agentAt(team, german);
    expect(await agentView(needs.id)).toMatchObject({
      status: "assigned",
      assignee: { id: german },
    });
  });

  it("leaves a manual team's sessions to be claimed, by its members only", async () => {
    const member = fresh("agent");
    const { id: team } = await createTeam({
      id: fresh("manual"),
      routing: "manual",
      members: [member],
    });
    await agentAt(team, member);
    const session = await startIn({ team_id: team });
    expect(session.status).toBe("open");
    // Escalated, it comes first for anyone who may claim it.
    await act(`/sessions/${session.id}/escalate`, supervisorToken, { reason: "first in line" });
    const outsider = await act("/queue/claim", await mint({ subject: fresh("outsider") }));
    expect(outsider.body.id).not.toBe(session.id);
    const claimed = await act("/queue/claim", await mint({ subject: member }));
    expect(claimed.body).toMatchObject({ id: session.id, assignee: { id: member } });
  });

  it("moves a session to a team's queue on transfer, where it is routed", async () => {
    const [first, second] = [fresh("agent"), fresh("agent")];
    const from = await createTeam({ id: fresh("from"), members: [first] });
    const to = await createTeam({ id: fresh("to"), members: [second] });
    const a = await agentAt(from.id, first);
    await agentAt(to.id, second);
    const session = await startIn({ team_id: from.id });
    expect((await agentView(session.id)).assignee?.id).toBe(first);
    const moved = await act(`/sessions/${session.id}/transfer`, a.token, { team_id: to.id });
    expect(moved.status).toBe(200);
    expect(await agentView(session.id)).toMatchObject({
      team_id: to.id,
      status: "assigned",
      assignee: { id: second },
    });
    const both = await act(`/sessions/${session.id}/transfer`, supervisorToken, {
      team_id: to.id,
      agent_id: first,
    });
    expect(both.status).toBe(400);
  });
});
