// Label changes pushed live: the consoles showing a session get its labels as they change, the
// consoles listing it hear of the change from its queue; customers and the desk's watching sockets
// never get them (each socket's wants, chosen when the room accepts it).
import { describe, expect, it } from "vitest";
import type { QueueFrame } from "../../../src/features/live/frames";
import type { ServerFrame } from "../../../src/features/live/protocol";
import { agentToken, call, createSession, supervisorToken } from "../../helpers";
import { hasReady, openLive, openQueue } from "../../live-helpers";
import { makeLabel, putLabel, send } from "./label-helpers";

const labelFrames = (frames: ServerFrame[]) =>
  frames.flatMap((f) => (f.type === "labels" ? [f.labels] : []));
const labeled = (frames: QueueFrame[]) =>
  frames.filter((f) => f.type === "queue" && f.change === "labeled");
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("label changes, live", () => {
  it("reach the consoles showing the session and its queue; never a customer or a watching desk", async () => {
    const label = await makeLabel();
    const session = await createSession();
    const customer = await openLive(session.id, `?access_token=${session.customer_token.token}`);
    const agent = await openLive(session.id, "", { token: agentToken });
    const watching = await openLive(session.id, "?watch=true", { token: agentToken });
    const queue = await openQueue(supervisorToken);
    for (const socket of [customer, agent, watching]) await socket.until(hasReady);
    await queue.until((frames) => frames.some((f) => f.type === "ready"));

    expect((await putLabel(session.id, label.id, agentToken)).status).toBe(200);
    await agent.until((frames) => labelFrames(frames).length === 1);
    expect(labelFrames(agent.frames)).toEqual([
      [{ id: label.id, name: label.name, colour: label.colour }],
    ]);
    await queue.until((frames) => labeled(frames).length === 1);
    expect(labeled(queue.frames)).toEqual([
      expect.objectContaining({ session: expect.objectContaining({ id: session.id }) }),
    ]);

    const removed = await call(
      `/sessions/${session.id}/labels/${label.id}`,
      send("DELETE", undefined, agentToken),
    );
    expect(removed.status).toBe(200);
    await agent.until((frames) => labelFrames(frames).length === 2);
    expect(labelFrames(agent.frames).at(-1)).toEqual([]);
    await queue.until((frames) => labeled(frames).length === 2);
    await settle();
    expect(labelFrames(customer.frames)).toEqual([]);
    expect(labelFrames(watching.frames)).toEqual([]);
  });

  it("a refused change pushes nothing", async () => {
    const session = await createSession();
    const agent = await openLive(session.id, "", { token: agentToken });
    await agent.until(hasReady);
    const missing = await putLabel(session.id, crypto.randomUUID(), agentToken);
    expect(missing.status).toBe(404);
    await settle();
    expect(labelFrames(agent.frames)).toEqual([]);
  });
});

describe("a desk watching a session it holds", () => {
  it("is told of messages only: no presence, no typing", async () => {
    const session = await createSession();
    const customer = await openLive(session.id, `?access_token=${session.customer_token.token}`);
    const watching = await openLive(session.id, "?watch=true", { token: agentToken });
    await customer.until(hasReady);
    await watching.until(hasReady);
    const agent = await openLive(session.id, "", { token: agentToken });
    await agent.until(hasReady);
    agent.send({ type: "typing" });
    await customer.until((frames) => frames.some((f) => f.type === "typing"));
    await customer.until((frames) =>
      frames.some((f) => f.type === "presence" && f.connected.length === 2),
    );
    await settle();
    expect(watching.frames.map((f) => f.type)).toEqual(["message", "ready"]);
  });
});
