// Routing over the API: teams and rules, agents' availability and skills, automatic assignment,
// per-team live queues, presence, service levels. Each test uses its own teams and agents.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { presenceOf } from "../src/live/agent-presence";
import { roomOf } from "../src/live/room-publisher";
import type { QueueFrame } from "../src/schemas/live";
import {
  act,
  agentToken,
  type CallInit,
  call,
  createSession,
  env,
  mint,
  postJson,
  type SessionBody,
  type StartedSession,
  supervisorToken,
} from "./helpers";
import { openQueue, type TestSocket } from "./live-helpers";

const json = (method: string, body: unknown, token: string | null = supervisorToken): CallInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
  token,
});

let unique = 0;
/** A fresh id for this file's teams and agents. */
const fresh = (prefix: string) => `${prefix}-${++unique}-${crypto.randomUUID().slice(0, 6)}`;

async function createTeam(body: Record<string, unknown>) {
  const response = await call("/teams", json("POST", { name: "A team", ...body }));
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<{ id: string; members: string[] }>();
}

/** Starts a session as a widget would, with a body (team, page, skill). */
function startIn(body: Record<string, unknown>) {
  return createSession(json("POST", body, null));
}

/** An agent with a console open on their team's queue: connected, and online unless they chose away. */
async function agentAt(team: string, subject = fresh("agent")) {
  const token = await mint({ subject, name: subject });
  const console_ = await openQueue(token, team);
  await console_.until((frames) => frames.some((f) => f.type === "ready"));
  return { id: subject, token, console: console_ };
}

const agentView = (id: string) =>
  call(`/sessions/${id}`, { token: supervisorToken }).then((r) => r.json<SessionBody>());

const me = (token: string) => call("/agents/me", { token }).then((r) => r.json<Agent>());

interface Agent {
  id: string;
  status: string;
  chosen_status: string;
  connected: boolean;
  assigned: number;
  skills: string[];
  teams: string[];
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`never: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("teams", () => {
  it("are created, read, replaced and deleted by supervisors; agents read them", async () => {
    const id = fresh("billing");
    const created = await createTeam({
      id,
      name: "Billing",
      hours: "Mon-Fri 09:00-17:00",
      time_zone: "Europe/Berlin",
      service_levels: { normal: { first_response_seconds: 300, next_response_seconds: 600 } },
      members: ["agent-alice", "agent-alice", "bob"],
    });
    expect(created).toMatchObject({
      id,
      name: "Billing",
      routing: "auto",
      hours: "Mon-Fri 09:00-17:00",
      time_zone: "Europe/Berlin",
      service_levels: { normal: { first_response_seconds: 300, next_response_seconds: 600 } },
      members: ["agent-alice", "bob"],
    });
    const read = await call(`/teams/${id}`, { token: agentToken });
    expect(await read.json()).toEqual(created);
    const listed = await (await call("/teams", { token: agentToken })).json<{
      teams: { id: string }[];
    }>();
    expect(listed.teams.map((t) => t.id)).toContain(id);

    const replaced = await call(
      `/teams/${id}`,
      json("PUT", { name: "Payments", routing: "manual", members: ["carol"] }),
    );
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({
      name: "Payments",
      routing: "manual",
      hours: null,
      time_zone: "UTC",
      members: ["carol"],
    });
    expect((await me(agentToken)).teams).not.toContain(id);

    expect((await call(`/teams/${id}`, { method: "DELETE", token: supervisorToken })).status).toBe(
      204,
    );
    expect((await call(`/teams/${id}`, { token: agentToken })).status).toBe(404);
    expect((await call(`/teams/${id}`, { method: "DELETE", token: supervisorToken })).status).toBe(
      404,
    );
  });

  it("refuses a bad team with a 400 naming the field, and stores nothing", async () => {
    const id = fresh("bad");
    const cases: [Record<string, unknown>, string][] = [
      [{ id, hours: "Mon-Fri 9-5" }, "body.hours"],
      [{ id, hours: "Mon-Fri 17:00-09:00" }, "body.hours"],
      [{ id, time_zone: "Mars/Olympus_Mons" }, "body.time_zone"],
      [{ id: "Not An Id" }, "body.id"],
      [{ id, routing: "round_robin" }, "body.routing"],
      [
        {
          id,
          service_levels: { normal: { first_response_seconds: 0, next_response_seconds: 60 } },
        },
        "body.service_levels.normal.first_response_seconds",
      ],
      [{ id, service_levels: { someday: {} } }, "body.service_levels"],
    ];
    for (const [body, path] of cases) {
      const response = await call("/teams", json("POST", { name: "Bad", ...body }));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get("Content-Type")).toContain("application/problem+json");
      const problem = await response.json<{ errors: { path: string }[] }>();
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
    expect((await call(`/teams/${id}`, { token: supervisorToken })).status).toBe(404);
  });

  it("refuses a team id that exists, and callers who may not manage teams", async () => {
    const { id } = await createTeam({ id: fresh("dup") });
    const again = await call("/teams", json("POST", { id, name: "Again" }));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      errors: [{ path: "body.id", message: `a team ${id} exists already` }],
    });
    const byAgent = await call("/teams", json("POST", { id: fresh("x"), name: "X" }, agentToken));
    expect(byAgent.status).toBe(403);
    const customer = await createSession();
    const list = await call("/teams", { token: customer.customer_token.token });
    expect(list.status).toBe(403);
    expect((await call(`/teams/${id}`, json("PUT", { name: "Y" }, agentToken))).status).toBe(403);
    expect((await call("/teams/nobody-here", json("PUT", { name: "Y" }))).status).toBe(404);
  });
});

describe("routing rules", () => {
  it("are replaced as a whole, kept in order, and may only name teams that exist", async () => {
    const { id } = await createTeam({ id: fresh("rules") });
    const unknown = await call(
      "/routing/rules",
      json("PUT", {
        rules: [
          { team_id: id, kind: "keyword", pattern: "refund" },
          { team_id: "no-such-team", kind: "page_url", pattern: "/x" },
        ],
      }),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      errors: [{ path: "body.rules.1.team_id", message: "names no team" }],
    });
    const saved = await call(
      "/routing/rules",
      json("PUT", {
        rules: [
          { team_id: id, kind: "page_url", pattern: "/pricing" },
          { team_id: id, kind: "keyword", pattern: "invoice" },
        ],
      }),
    );
    expect(saved.status).toBe(200);
    const read = await (await call("/routing/rules", { token: agentToken })).json<{
      rules: { team_id: string; kind: string; pattern: string; position: number }[];
    }>();
    expect(read.rules.map((r) => [r.kind, r.pattern, r.position])).toEqual([
      ["page_url", "/pricing", 0],
      ["keyword", "invoice", 1],
    ]);
    expect((await call("/routing/rules", json("PUT", { rules: [] }, agentToken))).status).toBe(403);
  });

  it("place a session by its page and move an unplaced one by a keyword, never a chosen one", async () => {
    const pages = await createTeam({ id: fresh("pages"), routing: "manual" });
    const words = await createTeam({ id: fresh("words"), routing: "manual" });
    const chosen = await createTeam({ id: fresh("chosen"), routing: "manual" });
    await call(
      "/routing/rules",
      json("PUT", {
        rules: [
          { team_id: pages.id, kind: "page_url", pattern: "/pricing" },
          { team_id: words.id, kind: "keyword", pattern: "refund please" },
        ],
      }),
    );
    const byPage = await startIn({ page_url: "https://shop.example/pricing?plan=pro" });
    expect(byPage.team_id).toBe(pages.id);
    const elsewhere = await startIn({ page_url: "https://shop.example/about" });
    expect(elsewhere.team_id).toBeNull();

    // A keyword moves a session whose team nobody chose, on the customer's message.
    await postJson(`/sessions/${elsewhere.id}/messages`, { content: "A REFUND, please!" });
    expect((await agentView(elsewhere.id)).team_id).toBe(words.id);
    // A team the widget asked for stays, whatever the customer writes.
    const fixed = await startIn({ team_id: chosen.id });
    await postJson(`/sessions/${fixed.id}/messages`, { content: "refund please" });
    expect((await agentView(fixed.id)).team_id).toBe(chosen.id);
    await call("/routing/rules", json("PUT", { rules: [] }));
  });

  it("refuses a session for a team that does not exist, or with a bad page or skill, storing nothing", async () => {
    const before = await call("/sessions?limit=1", { token: supervisorToken });
    const newest = (await before.json<{ sessions: { id: string }[] }>()).sessions[0]?.id;
    for (const body of [
      { team_id: "no-such-team" },
      { page_url: "not a url" },
      { skill: "two words" },
      { team_id: "Bad Id" },
    ]) {
      const response = await call("/sessions", json("POST", body, null));
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const after = await call("/sessions?limit=1", { token: supervisorToken });
    expect((await after.json<{ sessions: { id: string }[] }>()).sessions[0]?.id).toBe(newest);
    // No body, and an empty body labelled JSON, still start a session.
    const empty = await call("/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      token: null,
    });
    expect(empty.status).toBe(201);
  });
});

describe("agents' availability and skills", () => {
  it("follows the agent's choice and their consoles", async () => {
    const { id: team } = await createTeam({ id: fresh("avail"), routing: "manual" });
    const subject = fresh("agent");
    const token = await mint({ subject, name: "Ada" });
    expect(await me(token)).toMatchObject({
      id: subject,
      status: "offline",
      chosen_status: "online",
      connected: false,
      assigned: 0,
    });
    const away = await call("/agents/me/status", json("PUT", { status: "away" }, token));
    expect(away.status).toBe(200);
    expect(await away.json()).toMatchObject({ status: "offline", chosen_status: "away" });

    const console_ = await openQueue(token, undefined);
    await console_.until((frames) => frames.some((f) => f.type === "ready"));
    await eventually(
      () => me(token),
      (agent) => agent.connected,
    );
    expect((await me(token)).status).toBe("away");
    await call("/agents/me/status", json("PUT", { status: "online" }, token));
    expect((await me(token)).status).toBe("online");
    // Offline is not a choice: it follows from having no console open.
    const offline = await call("/agents/me/status", json("PUT", { status: "offline" }, token));
    expect(offline.status).toBe(400);

    const listed = await (await call("/agents", { token: supervisorToken })).json<{
      agents: Agent[];
    }>();
    expect(listed.agents.find((a) => a.id === subject)).toMatchObject({ status: "online" });
    expect((await call("/agents", { token })).status).toBe(403);
    const customer = await createSession();
    const refused = await call(
      "/agents/me/status",
      json("PUT", { status: "online" }, customer.customer_token.token),
    );
    expect(refused.status).toBe(403);
    console_.ws.close(1000);
    void team;
  });

  it("goes offline only when the grace period after the last console closes has passed", async () => {
    const subject = fresh("agent");
    const token = await mint({ subject });
    const first = await openQueue(token);
    const second = await openQueue(token);
    await second.until((frames) => frames.some((f) => f.type === "ready"));
    await eventually(
      () => me(token),
      (agent) => agent.connected,
    );
    const presence = presenceOf(env.AGENT_PRESENCE, subject);

    first.ws.close(1000);
    await first.closed;
    second.ws.close(1000);
    await second.closed;
    // The grace period runs (AGENT_OFFLINE_GRACE_SECONDS, 30 s here): still connected.
    const offlineAt = await eventually(
      () => runInDurableObject(presence, (_, state) => state.storage.kv.get<number>("offline-at")),
      (at) => at !== undefined,
    );
    expect(offlineAt).toBeGreaterThan(Date.now() + 25_000);
    expect((await me(token)).connected).toBe(true);
    // A console opened within the grace period keeps them connected.
    const back = await openQueue(token);
    await back.until((frames) => frames.some((f) => f.type === "ready"));
    expect(
      await runInDurableObject(presence, (_, state) => state.storage.kv.get("offline-at")),
    ).toBeUndefined();
    back.ws.close(1000);
    await back.closed;
    await eventually(
      () => runInDurableObject(presence, (_, state) => state.storage.kv.get<number>("offline-at")),
      (at) => at !== undefined,
    );
    // The grace period passes: the alarm makes them offline.
    await runInDurableObject(presence, (_, state) => {
      state.storage.kv.put("offline-at", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(presence)).toBe(true);
    expect(await me(token)).toMatchObject({ connected: false, status: "offline" });
  });

  it("has skills, set by supervisors", async () => {
    const subject = fresh("agent");
    const saved = await call(
      `/agents/${subject}/skills`,
      json("PUT", { skills: ["lang:de", "billing", "lang:de"] }),
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ id: subject, skills: ["lang:de", "billing"] });
    const bad = await call(`/agents/${subject}/skills`, json("PUT", { skills: ["two words"] }));
    expect(bad.status).toBe(400);
    const byAgent = await call(
      `/agents/${subject}/skills`,
      json("PUT", { skills: [] }, agentToken),
    );
    expect(byAgent.status).toBe(403);
    expect((await me(await mint({ subject }))).skills).toEqual(["lang:de", "billing"]);
  });
});

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
    // One each: the second goes to the one with more room.
    expect(new Set([first.assignee?.id, second.assignee?.id])).toEqual(new Set([a, b]));
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
    expect(session.assignee?.id).toBe(first);
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

describe("per-team live queues", () => {
  it("tell a message in a held session to its assignee only, and coalesce a burst", async () => {
    const [a, b] = [fresh("agent"), fresh("agent")];
    const { id: team } = await createTeam({ id: fresh("live"), members: [a, b] });
    const alice = await agentAt(team, a);
    const bob = await agentAt(team, b);
    const supervisor = await openQueue(supervisorToken, team);
    await supervisor.until((frames) => frames.some((f) => f.type === "ready"));
    const session: StartedSession = await startIn({ team_id: team });
    const holder = session.assignee?.id === a ? alice : bob;
    const other = holder === alice ? bob : alice;

    for (let i = 0; i < 6; i++) {
      const posted = await postJson(`/sessions/${session.id}/messages`, { content: `m${i}` });
      expect(posted.status).toBe(201);
    }
    const last = (await agentView(session.id)).last_seq;
    const messagesFor = (frames: QueueFrame[]) =>
      frames.filter((f) => f.type === "queue" && f.change === "message");
    // The holder ends up with the last state; fewer frames than messages (the burst coalesced).
    await holder.console.until((frames) =>
      messagesFor(frames).some((f) => f.type === "queue" && f.session.last_seq === last),
    );
    expect(messagesFor(holder.console.frames).length).toBeLessThan(6);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(messagesFor(other.console.frames)).toEqual([]);
    expect(messagesFor(supervisor.frames)).toEqual([]);
    // A change that is everyone's news reaches every console of the team.
    await act(`/sessions/${session.id}/escalate`, supervisorToken, { reason: "VIP" });
    for (const socket of [alice.console, bob.console, supervisor] as TestSocket<QueueFrame>[]) {
      await socket.until((frames) =>
        frames.some((f) => f.type === "queue" && f.change === "escalated"),
      );
    }
  });

  it("work alike for the sessions in no team", async () => {
    const [holder, other] = [
      await mint({ subject: fresh("agent") }),
      await mint({ subject: fresh("agent") }),
    ];
    const [mine, theirs] = [await openQueue(holder), await openQueue(other)];
    await theirs.until((frames) => frames.some((f) => f.type === "ready"));
    const session = await createSession();
    await act(`/sessions/${session.id}/escalate`, supervisorToken, { reason: "first in line" });
    const claimed = await act("/queue/claim", holder);
    expect(claimed.body.id).toBe(session.id);
    await postJson(`/sessions/${session.id}/messages`, { content: "hello?" });
    await mine.until((frames) =>
      frames.some(
        (f) => f.type === "queue" && f.change === "message" && f.session.id === session.id,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(theirs.frames.filter((f) => f.type === "queue" && f.change === "message")).toEqual([]);
  });

  it("are followed by members and supervisors only; a session of another team is not heard", async () => {
    const member = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("closed"), members: [member] });
    const other = await createTeam({ id: fresh("other"), routing: "manual" });
    const outsider = await mint({ subject: fresh("outsider") });
    const upgrade = (token: string, query: string) =>
      call(`/queue/live${query}`, { headers: { Upgrade: "websocket" }, token });
    expect((await upgrade(outsider, `?team=${team}`)).status).toBe(403);
    expect((await upgrade(outsider, "?team=no-such-team")).status).toBe(404);
    expect((await upgrade(outsider, "?team=Bad%20Id")).status).toBe(400);
    const ticket = await call(`/queue/live-ticket?team=${team}`, {
      method: "POST",
      token: outsider,
    });
    expect(ticket.status).toBe(403);

    const console_ = await (await agentAt(team, member)).console;
    await startIn({ team_id: other.id });
    const mine = await startIn({ team_id: team });
    await console_.until((frames) =>
      frames.some((f) => f.type === "queue" && f.session.id === mine.id),
    );
    expect(console_.frames.every((f) => f.type !== "queue" || f.session.team_id === team)).toBe(
      true,
    );
  });

  it("open with a ticket for the same team only", async () => {
    const member = fresh("agent");
    const token = await mint({ subject: member });
    const { id: team } = await createTeam({ id: fresh("ticket"), members: [member] });
    const response = await call(`/queue/live-ticket?team=${team}`, { method: "POST", token });
    expect(response.status).toBe(201);
    const { ticket } = await response.json<{ ticket: string }>();
    const wrongRoom = await call(`/queue/live?ticket=${encodeURIComponent(ticket)}`, {
      headers: { Upgrade: "websocket" },
      token: null,
    });
    expect(wrongRoom.status).toBe(401);
    const again = await call(`/queue/live-ticket?team=${team}`, { method: "POST", token });
    const { ticket: second } = await again.json<{ ticket: string }>();
    const right = await call(`/queue/live?team=${team}&ticket=${encodeURIComponent(second)}`, {
      headers: { Upgrade: "websocket" },
      token: null,
    });
    expect(right.status).toBe(101);
    right.webSocket?.accept();
    right.webSocket?.close(1000);
  });
});

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
