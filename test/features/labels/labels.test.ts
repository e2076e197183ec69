// Labels: kept by admins and supervisors, put on sessions by agents (their teams' sessions) and by
// routing rules, filtered on in the queue, never shown to a customer.
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
import { createTeam, fresh, startIn } from "../routing/routing-helpers";
import { adminToken, type LabelBody, makeLabel, putLabel, send } from "./label-helpers";

const labelsOf = async (sessionId: string, token = supervisorToken) =>
  (await call(`/sessions/${sessionId}/labels`, { token })).json<{ labels: LabelBody[] }>();

const storedLabels = async (sessionId: string) =>
  (
    await env.DB.prepare("select label_id from session_labels where session_id = ?")
      .bind(sessionId)
      .all()
  ).results;

describe("labels", () => {
  it("are kept by admins and supervisors, with a valid colour and a name unique in any case", async () => {
    const name = `Refund ${crypto.randomUUID().slice(0, 6)}`;
    const made = await call("/labels", send("POST", { name: ` ${name} `, colour: "#B91C1C" }));
    expect(made.status).toBe(201);
    const label = await made.json<LabelBody>();
    expect(label).toMatchObject({ name, colour: "#b91c1c" });

    for (const token of [agentToken, (await createSession()).customer_token.token]) {
      const refused = await call("/labels", send("POST", { name: "x", colour: "#000000" }, token));
      expect(refused.status).toBe(403);
    }
    for (const body of [
      { name: "ok", colour: "red" },
      { name: "ok", colour: "#12345" },
      { name: "   ", colour: "#123456" },
      // Nothing that shows: zero-width space and joiner, a byte order mark.
      { name: "\u200b\u200d\ufeff", colour: "#123456" },
      { name: "x".repeat(41), colour: "#123456" },
    ]) {
      const bad = await call("/labels", send("POST", body, adminToken));
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.headers.get("Content-Type")).toContain("application/problem+json");
    }
    const twin = await call(
      "/labels",
      send("POST", { name: name.toUpperCase(), colour: "#000000" }),
    );
    expect(twin.status).toBe(409);
    expect(await twin.json()).toMatchObject({ type: "/problems/label-name-taken" });

    // The same letters composed differently (é as one code point, or e and a combining accent).
    const accented = `Café ${crypto.randomUUID().slice(0, 6)}`;
    const composed = await call("/labels", send("POST", { name: accented, colour: "#000000" }));
    expect(composed.status).toBe(201);
    const decomposed = await call(
      "/labels",
      send("POST", { name: accented.normalize("NFD"), colour: "#000000" }),
    );
    expect(decomposed.status).toBe(409);
    // Nor by what does not show (a zero-width space, a direction override) or a wider form.
    for (const lookalike of [
      `${name.slice(0, 1)}\u200b${name.slice(1)}`,
      `\u202e${name}`,
      name.replace(/[a-z]/g, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) - 0x61 + 0xff41)),
    ]) {
      const taken = await call("/labels", send("POST", { name: lookalike, colour: "#000000" }));
      expect(taken.status, JSON.stringify(lookalike)).toBe(409);
    }

    const renamed = await call(
      `/labels/${label.id}`,
      send("PUT", { name: `${name} (paid)`, colour: "#15803d" }, adminToken),
    );
    expect(renamed.status).toBe(200);
    const listed = await (await call("/labels", { token: agentToken })).json<{
      labels: LabelBody[];
    }>();
    expect(listed.labels.find((l) => l.id === label.id)).toMatchObject({
      name: `${name} (paid)`,
      colour: "#15803d",
    });
    expect((await call(`/labels/${label.id}`, send("DELETE", undefined, agentToken))).status).toBe(
      403,
    );
    expect((await call(`/labels/${label.id}`, send("DELETE"))).status).toBe(204);
    expect((await call(`/labels/${label.id}`, send("DELETE"))).status).toBe(404);
  });

  it("are put on a session by its team's agents and supervisors, not by other agents, customers or admins", async () => {
    const member = fresh("agent");
    const memberToken = await mint({ subject: member, name: member });
    const team = await createTeam({ id: fresh("team"), members: [member] });
    const session = await startIn({ team_id: team.id });
    const label = await makeLabel();

    const outsider = await putLabel(session.id, label.id, agentToken);
    expect(outsider.status).toBe(403);
    expect((await call(`/sessions/${session.id}/labels`, { token: agentToken })).status).toBe(403);
    expect((await putLabel(session.id, label.id, session.customer_token.token)).status).toBe(403);
    expect((await putLabel(session.id, label.id, adminToken)).status).toBe(403);
    expect(await storedLabels(session.id)).toEqual([]);

    const put = await putLabel(session.id, label.id, memberToken);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      labels: [{ id: label.id, name: label.name, colour: label.colour }],
    });
    // Again: no change.
    expect(
      (await (await putLabel(session.id, label.id, memberToken)).json<{ labels: [] }>()).labels,
    ).toHaveLength(1);
    expect((await labelsOf(session.id, adminToken)).labels).toHaveLength(1);

    const removed = await call(
      `/sessions/${session.id}/labels/${label.id}`,
      send("DELETE", undefined, supervisorToken),
    );
    expect(await removed.json()).toEqual({ labels: [] });
    expect((await putLabel(session.id, crypto.randomUUID())).status).toBe(404);
    expect((await putLabel(crypto.randomUUID(), label.id)).status).toBe(404);
    expect((await call(`/sessions/${session.id}/labels/not-a-uuid`, send("PUT"))).status).toBe(404);

    // A session in no team is any agent's to label.
    const open = await createSession();
    expect((await putLabel(open.id, label.id, agentToken)).status).toBe(200);
  });

  it("answer a put or a take-off with the session's labels as that change left them, however they race", async () => {
    const session = await createSession();
    const label = await makeLabel();
    const path = `/sessions/${session.id}/labels/${label.id}`;
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        call(path, send(i % 2 ? "DELETE" : "PUT", undefined)).then(async (response) => ({
          method: i % 2 ? "DELETE" : "PUT",
          status: response.status,
          ids: (await response.json<{ labels: LabelBody[] }>()).labels.map((l) => l.id),
        })),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      // Each answer is read with its own change: a take-off never answers the label it took off.
      expect(answer.ids, answer.method).toEqual(answer.method === "PUT" ? [label.id] : []);
    }
  });

  it("that do not exist are not found, put on or taken off a session", async () => {
    const session = await createSession();
    const unknown = crypto.randomUUID();
    for (const method of ["PUT", "DELETE"]) {
      const response = await call(`/sessions/${session.id}/labels/${unknown}`, send(method));
      expect(response.status, method).toBe(404);
      expect(await response.json()).toMatchObject({ type: "/problems/label-not-found" });
    }
  });

  it("filter the queue, each row carrying its labels, and an agent lists only what they may see", async () => {
    const member = fresh("agent");
    const memberToken = await mint({ subject: member, name: member });
    const team = await createTeam({ id: fresh("team"), members: [member] });
    const other = await createTeam({ id: fresh("team") });
    const label = await makeLabel();
    const second = await makeLabel();
    const mine = await startIn({ team_id: team.id });
    const theirs = await startIn({ team_id: other.id });
    const unlabelled = await startIn({ team_id: team.id });
    await putLabel(mine.id, label.id);
    await putLabel(mine.id, second.id);
    await putLabel(theirs.id, label.id);

    const list = async (token: string, query: string) => {
      const response = await call(`/sessions?${query}`, { token });
      expect(response.status).toBe(200);
      return (await response.json<{ sessions: { id: string; labels: LabelBody[] }[] }>()).sessions;
    };
    const all = await list(supervisorToken, `label=${label.id}`);
    expect(all.map((s) => s.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(
      all
        .find((s) => s.id === mine.id)
        ?.labels.map((l) => l.id)
        .sort(),
    ).toEqual([label.id, second.id].sort());
    expect((await list(memberToken, `label=${label.id}`)).map((s) => s.id)).toEqual([mine.id]);
    expect(
      (await list(memberToken, `label=${label.id}&team=${team.id}&sort=activity`)).map((s) => s.id),
    ).toEqual([mine.id]);
    const teamRows = await list(supervisorToken, `team=${team.id}`);
    expect(teamRows.find((s) => s.id === unlabelled.id)?.labels).toEqual([]);
    expect((await call("/sessions?label=refund", { token: agentToken })).status).toBe(400);
  });

  it("never reach a customer: not in their session, not in their export", async () => {
    const label = await makeLabel(`VIP-${crypto.randomUUID().slice(0, 6)}`);
    const session = await createSession();
    await putLabel(session.id, label.id);
    await postJson(`/sessions/${session.id}/messages`, { content: "hello" });
    const customer = session.customer_token.token;
    const read = await call(`/sessions/${session.id}`, { token: customer });
    expect(await read.text()).not.toContain(label.name);
    expect((await call(`/sessions/${session.id}/labels`, { token: customer })).status).toBe(403);
    expect((await call("/labels", { token: customer })).status).toBe(403);
    expect((await call(`/sessions?label=${label.id}`, { token: customer })).status).toBe(403);
    const exported = await call(
      `/customers/${encodeURIComponent(session.customer?.id ?? "")}/export`,
      { token: adminToken },
    );
    expect(exported.status).toBe(200);
    expect(await exported.text()).not.toContain(label.name);
  });

  it("go with the session when it is archived or its customer erased", async () => {
    const label = await makeLabel();
    const archived = await createSession();
    await putLabel(archived.id, label.id);
    expect((await act(`/sessions/${archived.id}/resolve`, supervisorToken)).status).toBe(200);
    expect(await storedLabels(archived.id)).toHaveLength(1);
    await archiver().run();
    expect(await storedLabels(archived.id)).toEqual([]);

    const erased = await createSession();
    await putLabel(erased.id, label.id);
    const customer = encodeURIComponent(erased.customer?.id ?? "");
    expect(
      (await call(`/customers/${customer}`, { method: "DELETE", token: adminToken })).status,
    ).toBe(200);
    expect(await storedLabels(erased.id)).toEqual([]);
    // The label itself stays: it is the desk's, not the customer's.
    expect((await call("/labels", { token: agentToken })).status).toBe(200);
    const listed = await (await call("/labels", { token: agentToken })).json<{
      labels: LabelBody[];
    }>();
    expect(listed.labels.map((l) => l.id)).toContain(label.id);
  });
});

describe("routing rules that label", () => {
  it("label a session by its page when it starts and by a customer's words, and go with their label", async () => {
    const team = await createTeam({ id: fresh("team") });
    const byPage = await makeLabel();
    const byWord = await makeLabel();
    const both = await makeLabel();
    const word = `zebra${crypto.randomUUID().slice(0, 4)}`;
    const rules = [
      { kind: "page_url", pattern: "/pricing-labelled", label_id: byPage.id },
      { kind: "keyword", pattern: word, label_id: byWord.id },
      { kind: "page_url", pattern: "/routed-labelled", team_id: team.id, label_id: both.id },
    ];
    const saved = await call("/routing/rules", send("PUT", { rules }));
    expect(saved.status, await saved.clone().text()).toBe(200);

    const fromPage = await startIn({ page_url: "https://shop.example/pricing-labelled/plans" });
    expect((await labelsOf(fromPage.id)).labels.map((l) => l.id)).toEqual([byPage.id]);
    const routed = await startIn({ page_url: "https://shop.example/routed-labelled" });
    expect(routed.team_id).toBe(team.id);
    expect((await labelsOf(routed.id)).labels.map((l) => l.id)).toEqual([both.id]);

    // A chosen team does not stop a label.
    const chosen = await startIn({ team_id: team.id });
    await postJson(`/sessions/${chosen.id}/messages`, { content: `About my ${word}, please` });
    expect((await labelsOf(chosen.id)).labels.map((l) => l.id)).toEqual([byWord.id]);

    for (const bad of [
      [{ kind: "keyword", pattern: "x" }],
      [{ kind: "keyword", pattern: "x", label_id: crypto.randomUUID() }],
    ]) {
      expect((await call("/routing/rules", send("PUT", { rules: bad }))).status).toBe(400);
    }
    await call(`/labels/${both.id}`, send("DELETE"));
    await call(`/labels/${byPage.id}`, send("DELETE"));
    const after = await (await call("/routing/rules", { token: agentToken })).json<{
      rules: { pattern: string; team_id: string | null; label_id: string | null }[];
    }>();
    expect(after.rules.map((r) => [r.pattern, r.team_id, r.label_id])).toEqual([
      [word, null, byWord.id],
      ["/routed-labelled", team.id, null],
    ]);
    await call("/routing/rules", send("PUT", { rules: [] }));
  });
});

describe("the page a session started on", () => {
  it("is kept for agents, never answered to the customer", async () => {
    const page = "https://shop.example/checkout";
    const session = await startIn({ page_url: page });
    const agentView = await (await call(`/sessions/${session.id}`, { token: agentToken })).json();
    expect(agentView).toMatchObject({ page_url: page });
    const own = await (
      await call(`/sessions/${session.id}`, { token: session.customer_token.token })
    ).json<Record<string, unknown>>();
    expect(own).not.toHaveProperty("page_url");
  });
});
