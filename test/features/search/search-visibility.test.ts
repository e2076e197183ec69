// Who finds what: agents their teams' sessions (never another team's), staff internal notes,
// customers nothing; and the index follows the messages through edits, erasure and the archive.
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  env,
  mint,
  postJson,
  supervisorToken,
} from "../../helpers";
import { archiver } from "../archive/archive-helpers";
import { createTeam, fresh, json, startIn } from "../routing/routing-helpers";
import { search, word } from "./search-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });

const say = async (sessionId: string, content: string, init: { token?: string } = {}) => {
  const body = { content, ...(init.token && init.token !== undefined ? {} : {}) };
  const response = await postJson(`/sessions/${sessionId}/messages`, body, init);
  expect(response.status).toBe(201);
};

const sessionsFound = async (q: string, token: string, query: Record<string, string> = {}) =>
  (await search({ q, limit: "50", ...query }, token)).results.map((hit) => hit.session.id).sort();

describe("who finds what", () => {
  it("an agent finds their teams' sessions and those in no team, never another team's", async () => {
    const [alice, bob] = [fresh("alice"), fresh("bob")];
    const teamA = await createTeam({ id: fresh("team-a"), members: [alice] });
    const teamB = await createTeam({ id: fresh("team-b"), members: [bob] });
    const w = word();
    const inA = await startIn({ team_id: teamA.id });
    const inB = await startIn({ team_id: teamB.id });
    const inNone = await createSession();
    for (const s of [inA, inB, inNone]) await say(s.id, `${w} where is my order`);
    const aliceToken = await mint({ subject: alice, name: "Alice" });

    expect(await sessionsFound(w, aliceToken)).toEqual([inA.id, inNone.id].sort());
    expect(await sessionsFound(w, supervisorToken)).toEqual([inA.id, inB.id, inNone.id].sort());
    expect(await sessionsFound(w, adminToken)).toEqual([inA.id, inB.id, inNone.id].sort());
    expect(await sessionsFound(w, aliceToken, { team: teamA.id })).toEqual([inA.id]);
    expect(await sessionsFound(w, supervisorToken, { team: teamB.id })).toEqual([inB.id]);

    // Naming another team is refused, not answered empty.
    const refused = await call(`/search/messages?q=${w}&team=${teamB.id}`, { token: aliceToken });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");

    // A session of team B that Alice holds is hers to find.
    await act(`/sessions/${inB.id}/assign`, supervisorToken, { agent_id: alice });
    expect(await sessionsFound(w, aliceToken)).toEqual([inA.id, inB.id, inNone.id].sort());

    // Leaving team A, she no longer finds its sessions.
    const teamAfter = await call(`/teams/${teamA.id}`, json("PUT", { name: "A", members: [] }));
    expect(teamAfter.status).toBe(200);
    expect(await sessionsFound(w, aliceToken)).toEqual([inB.id, inNone.id].sort());
  });

  it("internal notes are found by staff; customers are refused", async () => {
    const w = word();
    const session = await createSession();
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: `${w} VIP, refund allowed`, visibility: "internal" },
      { token: agentToken },
    );
    for (const token of [agentToken, supervisorToken, adminToken]) {
      const { results } = await search({ q: w }, token);
      expect(results.map((hit) => hit.message.visibility)).toEqual(["internal"]);
    }
    const asCustomer = await call(`/search/messages?q=${w}`, {
      token: session.customer_token.token,
    });
    expect(asCustomer.status).toBe(403);
    expect(await asCustomer.json()).not.toHaveProperty("results");
    expect((await call(`/search/messages?q=${w}`, { token: null })).status).toBe(401);
  });
});

describe("the index follows the messages", () => {
  it("an edited message is found by its new words only", async () => {
    const [before, after] = [word(), word()];
    const session = await createSession();
    await say(session.id, `${before} typo here`);
    const { results } = await search({ q: before }, agentToken);
    const edited = await env.DB.prepare("update chat_messages set content = ? where id = ?")
      .bind(`${after} fixed here`, results[0]?.message.id)
      .run();
    expect(edited.meta.changes).toBeGreaterThan(0);
    expect((await search({ q: before }, agentToken)).results).toEqual([]);
    expect(await sessionsFound(after, agentToken)).toEqual([session.id]);
    // Another column changing leaves the index alone (the trigger watches content only).
    await env.DB.prepare("update chat_messages set author_id = 'someone' where id = ?")
      .bind(results[0]?.message.id)
      .run();
    expect(await sessionsFound(after, agentToken)).toEqual([session.id]);
  });

  it("a customer's erasure takes their messages out of the index", async () => {
    const w = word();
    const session = await createSession();
    const other = await createSession();
    await say(session.id, `${w} my secret address`);
    await say(other.id, `${w} someone else`);
    const customerId = session.customer?.id ?? "";
    const erased = await call(`/customers/${encodeURIComponent(customerId)}`, {
      method: "DELETE",
      token: adminToken,
    });
    expect(erased.status).toBe(200);
    expect(await sessionsFound(w, supervisorToken)).toEqual([other.id]);
    await expectIndexWhole();
  });

  it("an archived session leaves the index, and the answer says archives are not searched", async () => {
    const w = word();
    const session = await createSession();
    await say(session.id, `${w} archived soon`);
    expect((await act(`/sessions/${session.id}/resolve`, supervisorToken)).status).toBe(200);
    expect(await sessionsFound(w, supervisorToken)).toEqual([session.id]);
    expect((await archiver().run()).archived).toBeGreaterThanOrEqual(1);
    const after = await search({ q: w }, supervisorToken);
    expect(after.results).toEqual([]);
    expect(after.archived.searchable).toBe(false);
    // Still readable where it went.
    expect((await call(`/sessions/${session.id}`, { token: supervisorToken })).status).toBe(200);
    await expectIndexWhole();
  });
});

/** FTS5's own check that the index holds exactly what chat_messages holds. */
async function expectIndexWhole() {
  const check = await env.DB.prepare(
    "insert into chat_messages_fts(chat_messages_fts, rank) values ('integrity-check', 1)",
  ).run();
  expect(check.success).toBe(true);
}
