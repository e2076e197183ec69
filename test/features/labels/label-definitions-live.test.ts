// A desk label added, renamed, recoloured or removed is pushed to every live queue (labels are
// desk-wide: every agent's picker offers each one), as `{"type":"label","id","label"}`; never to a
// customer's socket, and a refused change pushes nothing.
import { describe, expect, it } from "vitest";
import type { QueueFrame } from "../../../src/features/live/frames";
import type { ServerFrame } from "../../../src/features/live/protocol";
import { agentToken, call, createSession } from "../../helpers";
import { hasReady, openLive, openQueue, type TestSocket } from "../../live-helpers";
import { agentAt, createTeam, fresh } from "../routing/routing-helpers";
import { makeLabel, send } from "./label-helpers";

const labelNews = (frames: QueueFrame[]) =>
  frames.flatMap((f) => (f.type === "label" ? [{ id: f.id, label: f.label }] : []));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Two teams' agents and the sessions in no team, each with a console open. */
async function consoles() {
  const [a, b] = [fresh("agent"), fresh("agent")];
  const teamA = await createTeam({ id: fresh("labels-a"), members: [a] });
  const teamB = await createTeam({ id: fresh("labels-b"), members: [b] });
  const consoles = {
    teamA: (await agentAt(teamA.id, a)).console,
    teamB: (await agentAt(teamB.id, b)).console,
    noTeam: await openQueue(agentToken),
  };
  await consoles.noTeam.until((frames) => frames.some((f) => f.type === "ready"));
  return Object.values(consoles) as TestSocket<QueueFrame>[];
}

describe("a desk label's changes, live", () => {
  it("reach every team's console as they happen: added, renamed and recoloured, removed", async () => {
    const everyone = await consoles();
    const session = await createSession();
    const customer = await openLive(session.id, `?access_token=${session.customer_token.token}`);
    await customer.until(hasReady);

    const label = await makeLabel();
    const added = { id: label.id, label: { id: label.id, name: label.name, colour: "#1d4ed8" } };
    for (const socket of everyone) await socket.until((f) => labelNews(f).length === 1);
    for (const socket of everyone) expect(labelNews(socket.frames)).toEqual([added]);

    const renamed = await call(
      `/labels/${label.id}`,
      send("PUT", { name: `${label.name} (renamed)`, colour: "#B91C1C" }),
    );
    expect(renamed.status).toBe(200);
    const now = { id: label.id, name: `${label.name} (renamed)`, colour: "#b91c1c" };
    for (const socket of everyone) await socket.until((f) => labelNews(f).length === 2);
    for (const socket of everyone) {
      expect(labelNews(socket.frames).at(-1)).toEqual({ id: label.id, label: now });
    }

    expect((await call(`/labels/${label.id}`, send("DELETE"))).status).toBe(204);
    for (const socket of everyone) await socket.until((f) => labelNews(f).length === 3);
    for (const socket of everyone) {
      expect(labelNews(socket.frames).at(-1)).toEqual({ id: label.id, label: null });
    }

    await settle();
    const customerTypes = customer.frames.map((f: ServerFrame) => f.type);
    expect(customerTypes).not.toContain("label");
    expect(customerTypes).not.toContain("labels");
  });

  it("a refused change pushes nothing: a name taken, an agent, an unknown label", async () => {
    const everyone = await consoles();
    const [first, second] = [await makeLabel(), await makeLabel()];
    for (const socket of everyone) await socket.until((f) => labelNews(f).length === 2);

    const clash = await call(
      `/labels/${second.id}`,
      send("PUT", { name: first.name.toUpperCase(), colour: "#1D4ED8" }),
    );
    expect(clash.status).toBe(409);
    const byAgent = await call(
      `/labels/${first.id}`,
      send("PUT", { name: "agents may not", colour: "#1D4ED8" }, agentToken),
    );
    expect(byAgent.status).toBe(403);
    const gone = await call(`/labels/${crypto.randomUUID()}`, send("DELETE", undefined));
    expect(gone.status).toBe(404);

    await settle();
    for (const socket of everyone) expect(labelNews(socket.frames)).toHaveLength(2);
  });
});

describe("the documented protocol", () => {
  it("names the label frame where the queue's socket is described", async () => {
    const doc = await (await call("/openapi.json")).json<{
      paths: Record<string, { get?: { description?: string } }>;
    }>();
    expect(doc.paths["/queue/live"]?.get?.description).toContain('{"type":"label","id","label"}');
  });
});
