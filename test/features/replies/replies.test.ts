// Saved replies: kept by admins and supervisors for a team or everyone; agents use everyone's and
// their teams', filled in for a session they work on; placeholders checked when saved.
import { describe, expect, it } from "vitest";
import { call, createSession, mint, postJson, supervisorToken } from "../../helpers";
import { createTeam, fresh, json } from "../routing/routing-helpers";

const admin = await mint({ role: "admin", subject: "ada", name: "Ada" });

interface ReplyBody {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  team_id: string | null;
  team_name: string | null;
}

async function save(body: Record<string, unknown>, token = supervisorToken) {
  return postJson(
    "/saved-replies",
    { shortcut: fresh("r"), title: "A reply", text: "Hello", ...body },
    { token },
  );
}

async function saved(body: Record<string, unknown>, token = supervisorToken) {
  const response = await save(body, token);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<ReplyBody>();
}

async function listed(token: string, path = "/saved-replies") {
  const response = await call(path, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<{ replies: ReplyBody[] }>()).replies;
}

/** Two teams, an agent in each, and a reply for each and one for everyone. */
async function desk() {
  const a = fresh("agent-a");
  const b = fresh("agent-b");
  const teamA = await createTeam({ id: fresh("team-a"), name: "Billing", members: [a] });
  const teamB = await createTeam({ id: fresh("team-b"), name: "Shipping", members: [b] });
  return {
    a,
    teamA,
    teamB,
    agentA: await mint({ subject: a, name: "Alice Agent" }),
    agentB: await mint({ subject: b, name: "Bob" }),
    forA: await saved({ team_id: teamA.id, text: "A only" }),
    forB: await saved({ team_id: teamB.id, text: "B only" }),
    forAll: await saved({ text: "Everyone" }),
  };
}

describe("saving a reply", () => {
  it("is for admins and supervisors; agents and customers are refused and nothing is saved", async () => {
    const shortcut = fresh("perm");
    const agent = await mint({ subject: fresh("agent") });
    const customer = (await createSession()).customer_token.token;
    expect((await save({ shortcut }, agent)).status).toBe(403);
    expect((await save({ shortcut }, customer)).status).toBe(403);
    expect((await postJson("/saved-replies", { shortcut }, { token: null })).status).toBe(401);
    const everything = await listed(admin);
    expect(everything.some((r) => r.shortcut === shortcut)).toBe(false);
    expect((await save({ shortcut }, admin)).status).toBe(201);
    expect((await save({ shortcut: fresh("sup") }, supervisorToken)).status).toBe(201);
  });

  it("answers it as saved, placeholders and all", async () => {
    const team = await createTeam({ id: fresh("team"), name: "Returns" });
    const reply = await saved({
      shortcut: "refund-policy",
      title: "Refunds",
      text: "Hi {{customer.name}}, I am {{ agent.name }} from {{team.name}}.",
      team_id: team.id,
    });
    expect(reply).toMatchObject({
      shortcut: "refund-policy",
      title: "Refunds",
      text: "Hi {{customer.name}}, I am {{ agent.name }} from {{team.name}}.",
      team_id: team.id,
      team_name: "Returns",
      created_by: "sam",
    });
  });

  it("refuses unknown placeholders with a 400 naming them, and saves nothing", async () => {
    const shortcut = fresh("bad");
    const response = await save({
      shortcut,
      text: "Hi {{customer.nmae}}, your order {{order.id}} {{customer.name}}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json<{ errors: { path: string; message: string }[] }>();
    expect(problem.errors).toEqual([
      { path: "body.text", message: "unknown placeholders {{customer.nmae}}, {{order.id}}" },
    ]);
    expect((await listed(admin)).some((r) => r.shortcut === shortcut)).toBe(false);
  });

  it.each([
    ["an upper-case shortcut", { shortcut: "Refund" }],
    ["a shortcut with a space", { shortcut: "my reply" }],
    ["a shortcut with a slash", { shortcut: "/refund" }],
    ["a shortcut too long", { shortcut: "a".repeat(33) }],
    ["a blank title", { title: "  " }],
    ["a blank text", { text: "\n" }],
    ["a text too long", { text: "x".repeat(2_001) }],
    ["a team id that is not one", { team_id: "Not A Team" }],
  ])("refuses %s (400)", async (_, body) => {
    const response = await save(body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses a team that does not exist (400), saving nothing", async () => {
    const shortcut = fresh("ghost");
    const response = await save({ shortcut, team_id: fresh("nobody") });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ path: "body.team_id", message: expect.stringContaining("is not a team") }],
    });
    expect((await listed(admin)).some((r) => r.shortcut === shortcut)).toBe(false);
  });

  it("keeps a shortcut unique per scope: taken for everyone, free in a team, taken there next", async () => {
    const shortcut = fresh("dup");
    const team = await createTeam({ id: fresh("team") });
    await saved({ shortcut });
    const again = await save({ shortcut });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: "/problems/conflict" });
    await saved({ shortcut, team_id: team.id });
    expect((await save({ shortcut, team_id: team.id })).status).toBe(409);
    expect((await listed(admin)).filter((r) => r.shortcut === shortcut)).toHaveLength(2);
  });

  it("changes a reply (its scope too), refusing a shortcut taken there; removes one", async () => {
    const team = await createTeam({ id: fresh("team") });
    const taken = await saved({ team_id: team.id });
    const reply = await saved({ title: "Before" });
    const put = (id: string, body: Record<string, unknown>, token = supervisorToken) =>
      call(`/saved-replies/${id}`, json("PUT", body, token));
    const changed = await put(reply.id, {
      shortcut: reply.shortcut,
      title: "After",
      text: "Bye {{customer.first_name}}",
      team_id: team.id,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ title: "After", team_id: team.id });
    const clash = await put(reply.id, {
      shortcut: taken.shortcut,
      title: "x",
      text: "y",
      team_id: team.id,
    });
    expect(clash.status).toBe(409);
    const unknown = await put(reply.id, { shortcut: "ok", title: "x", text: "{{nope}}" });
    expect(unknown.status).toBe(400);
    const agent = await mint({ subject: fresh("agent") });
    expect((await put(reply.id, { shortcut: "z", title: "x", text: "y" }, agent)).status).toBe(403);
    const missing = await put(crypto.randomUUID(), { shortcut: "z", title: "x", text: "y" });
    expect(missing.status).toBe(404);
    const after = (await listed(admin)).find((r) => r.id === reply.id);
    expect(after).toMatchObject({ title: "After", text: "Bye {{customer.first_name}}" });

    expect(
      (await call(`/saved-replies/${reply.id}`, { method: "DELETE", token: agent })).status,
    ).toBe(403);
    expect(
      (await call(`/saved-replies/${reply.id}`, { method: "DELETE", token: admin })).status,
    ).toBe(204);
    expect(
      (await call(`/saved-replies/${reply.id}`, { method: "DELETE", token: admin })).status,
    ).toBe(404);
    expect((await listed(admin)).some((r) => r.id === reply.id)).toBe(false);
  });

  it("goes with its team when the team is removed", async () => {
    const team = await createTeam({ id: fresh("team") });
    const reply = await saved({ team_id: team.id });
    expect(
      (await call(`/teams/${team.id}`, { method: "DELETE", token: supervisorToken })).status,
    ).toBe(204);
    expect((await listed(admin)).some((r) => r.id === reply.id)).toBe(false);
  });
});

describe("the replies an agent may use", () => {
  it("are everyone's and their teams', never another team's; managers see every one", async () => {
    const { agentA, agentB, forA, forB, forAll } = await desk();
    const ofA = (await listed(agentA)).map((r) => r.id);
    expect(ofA).toEqual(expect.arrayContaining([forA.id, forAll.id]));
    expect(ofA).not.toContain(forB.id);
    const ofB = (await listed(agentB)).map((r) => r.id);
    expect(ofB).toEqual(expect.arrayContaining([forB.id, forAll.id]));
    expect(ofB).not.toContain(forA.id);
    for (const manager of [admin, supervisorToken]) {
      const all = (await listed(manager)).map((r) => r.id);
      expect(all).toEqual(expect.arrayContaining([forA.id, forB.id, forAll.id]));
    }
    const customer = (await createSession()).customer_token.token;
    expect((await call("/saved-replies", { token: customer })).status).toBe(403);
  });

  it("are filled in for a session: the customer, the agent, the team, the session", async () => {
    const { teamA, agentA } = await desk();
    const reply = await saved({
      team_id: teamA.id,
      text: "Hi {{customer.first_name}} ({{customer.name}}, {{customer.email}}), {{agent.name}} of {{team.name}} here. Ref {{session.id}}.",
    });
    const session = await createSession(
      json(
        "POST",
        { team_id: teamA.id, contact: { name: "Grace Hopper", email: "grace@example.com" } },
        null,
      ),
    );
    const filled = (await listed(agentA, `/sessions/${session.id}/saved-replies`)).find(
      (r) => r.id === reply.id,
    );
    expect(filled?.text).toBe(
      `Hi Grace (Grace Hopper, grace@example.com), Alice Agent of Billing here. Ref ${session.id}.`,
    );
  });

  it("are filled with the documented fallbacks where the session does not know a value", async () => {
    const reply = await saved({
      text: "Hi {{customer.name}}, {{customer.first_name}}! {{customer.email}}|{{agent.name}}|{{team.name}}",
    });
    const session = await createSession();
    const nameless = await mint({ subject: fresh("agent") });
    const filled = (await listed(nameless, `/sessions/${session.id}/saved-replies`)).find(
      (r) => r.id === reply.id,
    );
    expect(filled?.text).toBe("Hi there, there! |the support team|support");
  });

  it("fill in a value as plain text, once: a name that looks like markup or a placeholder stays as it is", async () => {
    const reply = await saved({ text: "Hi {{customer.name}}, I am {{agent.name}}" });
    const session = await createSession(
      json("POST", { contact: { name: "<img src=x onerror=alert(1)> {{agent.name}}" } }, null),
    );
    const filled = (await listed(supervisorToken, `/sessions/${session.id}/saved-replies`)).find(
      (r) => r.id === reply.id,
    );
    expect(filled?.text).toBe("Hi <img src=x onerror=alert(1)> {{agent.name}}, I am Sam");
  });

  it("in another team's session are refused to an agent (403); in no team's, or one they hold, allowed", async () => {
    const { a, teamB, agentA } = await desk();
    const theirs = await createSession(json("POST", { team_id: teamB.id }, null));
    const refused = await call(`/sessions/${theirs.id}/saved-replies`, { token: agentA });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const assigned = await postJson(
      `/sessions/${theirs.id}/assign`,
      { agent_id: a },
      { token: supervisorToken },
    );
    expect(assigned.status).toBe(200);
    expect((await call(`/sessions/${theirs.id}/saved-replies`, { token: agentA })).status).toBe(
      200,
    );
    const open = await createSession();
    expect((await call(`/sessions/${open.id}/saved-replies`, { token: agentA })).status).toBe(200);
    const sup = await call(`/sessions/${theirs.id}/saved-replies`, { token: supervisorToken });
    expect(sup.status).toBe(200);
    const missing = await call(`/sessions/${crypto.randomUUID()}/saved-replies`, { token: agentA });
    expect(missing.status).toBe(404);
    const customer = theirs.customer_token.token;
    expect((await call(`/sessions/${theirs.id}/saved-replies`, { token: customer })).status).toBe(
      403,
    );
  });
});
