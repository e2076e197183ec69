// Routing: teams and routing rules over the API, and where a session starts.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { LabelRepository } from "../../../src/features/labels/label-repository";
import { TeamRepository } from "../../../src/features/routing/team-repository";
import { TeamService } from "../../../src/features/routing/team-service";
import type { Actor } from "../../../src/platform/auth/actor";
import { ValidationError } from "../../../src/platform/errors";
import { agentToken, call, createSession, postJson, supervisorToken } from "../../helpers";
import { agentView, createTeam, fresh, json, me, startIn } from "./routing-helpers";

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

  it("is created once when the same id is posted many times at once; the others are refused", async () => {
    const id = fresh("race");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call("/teams", json("POST", { id, name: `Team ${i}`, members: [`agent-${i}`] })),
      ),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(9).fill(400)]);
    const winner = await created[0]?.json<{ name: string; members: string[] }>();
    const stored = await (await call(`/teams/${id}`, { token: supervisorToken })).json();
    expect(stored).toMatchObject({ name: winner?.name, members: winner?.members });
  });
});

describe("a team removed while it is being replaced", () => {
  it("stays removed: the replacement stores nothing, with members or without", async () => {
    const repository = new TeamRepository(env.DB);
    for (const members of [[], ["agent-late"]]) {
      const { id } = await createTeam({ id: fresh("gone"), members: ["agent-first"] });
      // The replacement passed its check that the team exists; the removal lands before its write.
      const removed = await call(`/teams/${id}`, { method: "DELETE", token: supervisorToken });
      expect(removed.status).toBe(204);
      const replaced = await repository.save(
        {
          id,
          name: "Back?",
          routing: "auto",
          hours: null,
          timeZone: "UTC",
          serviceLevels: {},
          members,
        },
        new Date().toISOString(),
      );
      expect(replaced).toBe(false);
      expect((await call(`/teams/${id}`, { token: supervisorToken })).status).toBe(404);
      const rows = await env.DB.prepare("select count(*) as n from team_members where team_id = ?")
        .bind(id)
        .first<{ n: number }>();
      expect(rows?.n).toBe(0);
    }
  });
});

describe("routing rules", () => {
  it("naming a team removed after their check are refused (400) and change nothing", async () => {
    const kept = await createTeam({ id: fresh("kept") });
    const gone = await createTeam({ id: fresh("gone") });
    await call(
      "/routing/rules",
      json("PUT", { rules: [{ team_id: kept.id, kind: "keyword", pattern: "tea" }] }),
    );
    const repository = new TeamRepository(env.DB);
    // The check finds the team; its removal lands before the write.
    const teams = Object.assign(Object.create(repository), {
      existing: async (ids: string[]) => {
        const found = await repository.existing(ids);
        await call(`/teams/${gone.id}`, { method: "DELETE", token: supervisorToken });
        return found;
      },
    });
    const service = new TeamService({
      teams,
      routing: { drain: async () => {}, rulesChanged: () => {} },
      labels: { existing: async () => [] },
      settings: { publicSessionCreation: true },
      clock: () => new Date(),
      newId: () => crypto.randomUUID(),
    });
    const supervisor: Actor = { kind: "user", subject: "sam", role: "supervisor", name: "Sam" };
    const refused = await service
      .replaceRules(supervisor, [{ teamId: gone.id, labelId: null, kind: "keyword", pattern: "x" }])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { path: "body.rules.0.team_id", message: "names no team" },
    ]);
    const read = await (await call("/routing/rules", { token: agentToken })).json<{
      rules: { team_id: string; pattern: string }[];
    }>();
    expect(read.rules.map((r) => [r.team_id, r.pattern])).toEqual([[kept.id, "tea"]]);
    await call("/routing/rules", json("PUT", { rules: [] }));
  });

  it("naming a label removed after their check are refused (400) and change nothing", async () => {
    const kept = await createTeam({ id: fresh("kept") });
    const made = await call(
      "/labels",
      json("POST", { name: fresh("gone-label"), colour: "#b91c1c" }),
    );
    expect(made.status).toBe(201);
    const label = await made.json<{ id: string }>();
    await call(
      "/routing/rules",
      json("PUT", { rules: [{ team_id: kept.id, kind: "keyword", pattern: "tea" }] }),
    );
    const service = new TeamService({
      teams: new TeamRepository(env.DB),
      routing: { drain: async () => {}, rulesChanged: () => {} },
      // The check finds the label; its removal lands before the write.
      labels: {
        existing: async (ids: string[]) => {
          const found = await new LabelRepository(env.DB).existing(ids);
          const removed = await call(`/labels/${label.id}`, {
            method: "DELETE",
            token: supervisorToken,
          });
          expect([204, 404]).toContain(removed.status);
          return found;
        },
      },
      settings: { publicSessionCreation: true },
      clock: () => new Date(),
      newId: () => crypto.randomUUID(),
    });
    const supervisor: Actor = { kind: "user", subject: "sam", role: "supervisor", name: "Sam" };
    const refused = await service
      .replaceRules(supervisor, [
        { teamId: kept.id, labelId: label.id, kind: "keyword", pattern: "x" },
      ])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { path: "body.rules.0.label_id", message: "names no label" },
    ]);
    const read = await (await call("/routing/rules", { token: agentToken })).json<{
      rules: { team_id: string; label_id: string | null; pattern: string }[];
    }>();
    expect(read.rules.map((r) => [r.team_id, r.label_id, r.pattern])).toEqual([
      [kept.id, null, "tea"],
    ]);
    await call("/routing/rules", json("PUT", { rules: [] }));
  });

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
