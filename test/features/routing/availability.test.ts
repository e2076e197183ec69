// Routing: agents' availability (their choice and their consoles, with a grace period) and skills.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { presenceOf } from "../../../src/platform/stubs";
import { agentToken, call, createSession, env, mint, supervisorToken } from "../../helpers";
import { openQueue } from "../../live-helpers";
import {
  type Agent,
  agentAt,
  createTeam,
  eventually,
  fresh,
  json,
  me,
  startIn,
} from "./routing-helpers";

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

  it("goes offline when a restart dropped its consoles without a close, and stays online while they are there", async () => {
    const subject = fresh("agent");
    const { id: team } = await createTeam({ id: fresh("restart"), members: [subject] });
    const agent = await agentAt(team, subject);
    const presence = presenceOf(env.AGENT_PRESENCE, subject);
    const lookNow = () =>
      runInDurableObject(presence, (_, state) => {
        state.storage.kv.put("check-at", Date.now() - 1);
      });
    // Its room still holds the console it reported: nothing changes.
    await lookNow();
    expect(await runDurableObjectAlarm(presence)).toBe(true);
    expect((await me(agent.token)).connected).toBe(true);

    // A console its room reported before a restart, which the restart dropped without a close: no
    // room holds it. It was last seen a minute ago, past the grace period: offline at once.
    await presence.opened({ id: subject, name: subject }, "dropped-by-a-restart", null, team);
    agent.console.ws.close(1000);
    await agent.console.closed;
    await runInDurableObject(presence, (_, state) => {
      state.storage.kv.put("alive-at", Date.now() - 60_000);
    });
    await lookNow();
    expect(await runDurableObjectAlarm(presence)).toBe(true);
    expect(await me(agent.token)).toMatchObject({ connected: false, status: "offline" });
    // No session goes to them now.
    expect((await startIn({ team_id: team })).status).toBe("open");
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
