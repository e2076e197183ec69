// Routing: the per-team live queues (who hears what, bursts coalesced, tickets, moves between teams).
import { describe, expect, it } from "vitest";
import type { QueueFrame } from "../../../src/features/live/frames";
import {
  act,
  call,
  createSession,
  mint,
  postJson,
  type StartedSession,
  supervisorToken,
} from "../../helpers";
import { hasReady, openLive, openQueue, type TestSocket } from "../../live-helpers";
import { agentAt, agentView, createTeam, fresh, json, startIn } from "./routing-helpers";

const messagesFor = (frames: QueueFrame[]) =>
  frames.filter(
    (f): f is Extract<QueueFrame, { type: "queue" }> =>
      f.type === "queue" && f.change === "message",
  );

describe("per-team live queues", () => {
  it("are not told of a message in a held session: the holder's desk hears it from its room", async () => {
    const [a, b] = [fresh("agent"), fresh("agent")];
    const { id: team } = await createTeam({ id: fresh("live"), members: [a, b] });
    const alice = await agentAt(team, a);
    const bob = await agentAt(team, b);
    const supervisor = await openQueue(supervisorToken, team);
    await supervisor.until((frames) => frames.some((f) => f.type === "ready"));
    const session: StartedSession = await startIn({ team_id: team });
    const holder = (await agentView(session.id)).assignee?.id === a ? alice : bob;
    const watching = await openLive(session.id, `?after_seq=${session.last_seq}&watch=true`, {
      token: holder.token,
    });
    await watching.until(hasReady);

    for (let i = 0; i < 3; i++) {
      const posted = await postJson(`/sessions/${session.id}/messages`, { content: `m${i}` });
      expect(posted.status).toBe(201);
    }
    const last = (await agentView(session.id)).last_seq;
    await watching.until(() => watching.seqs().includes(last));
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const socket of [alice.console, bob.console, supervisor] as TestSocket<QueueFrame>[]) {
      expect(messagesFor(socket.frames)).toEqual([]);
    }
    // A change that is everyone's news reaches every console of the team.
    await act(`/sessions/${session.id}/escalate`, supervisorToken, { reason: "VIP" });
    for (const socket of [alice.console, bob.console, supervisor] as TestSocket<QueueFrame>[]) {
      await socket.until((frames) =>
        frames.some((f) => f.type === "queue" && f.change === "escalated"),
      );
    }
  });

  it("tell every console of a message in a waiting session, a burst as its first and last", async () => {
    const [a, b] = [fresh("agent"), fresh("agent")];
    const { id: team } = await createTeam({
      id: fresh("live"),
      routing: "manual",
      members: [a, b],
    });
    const consoles = [(await agentAt(team, a)).console, (await agentAt(team, b)).console];
    const session: StartedSession = await startIn({ team_id: team });
    for (let i = 0; i < 6; i++) {
      const posted = await postJson(`/sessions/${session.id}/messages`, { content: `m${i}` });
      expect(posted.status).toBe(201);
    }
    const last = (await agentView(session.id)).last_seq;
    for (const socket of consoles) {
      await socket.until((frames) =>
        messagesFor(frames).some((f) => f.type === "queue" && f.session.last_seq === last),
      );
      expect(messagesFor(socket.frames).length).toBeLessThan(6);
    }
  });

  it("tell the team a session leaves, as well as the team it joins", async () => {
    const [a, b] = [fresh("agent"), fresh("agent")];
    const from = await createTeam({ id: fresh("from"), members: [a] });
    const to = await createTeam({ id: fresh("to"), routing: "manual", members: [b] });
    const alice = await agentAt(from.id, a);
    const bob = await agentAt(to.id, b);
    const session = await startIn({ team_id: from.id });
    expect((await agentView(session.id)).assignee?.id).toBe(a);

    const moved = await act(`/sessions/${session.id}/transfer`, alice.token, { team_id: to.id });
    expect(moved.status).toBe(200);
    // The former holder's console hears it (its "Mine" drops it), and so does the new team's.
    for (const socket of [alice.console, bob.console]) {
      await socket.until((frames) =>
        frames.some(
          (f) =>
            f.type === "queue" &&
            f.change === "transferred" &&
            f.session.id === session.id &&
            f.session.team_id === to.id,
        ),
      );
    }
  });

  it("tell the queue a keyword rule takes a session from", async () => {
    const refunds = await createTeam({ id: fresh("refunds"), routing: "manual" });
    const keyword = `refund-${refunds.id}`;
    const rules = await call(
      "/routing/rules",
      json("PUT", { rules: [{ team_id: refunds.id, kind: "keyword", pattern: keyword }] }),
    );
    expect(rules.status).toBe(200);
    const noTeam = await openQueue(await mint({ subject: fresh("agent") }));
    await noTeam.until((frames) => frames.some((f) => f.type === "ready"));
    const session = await createSession();
    expect(session.team_id).toBeNull();
    await postJson(`/sessions/${session.id}/messages`, { content: `${keyword} please` });
    await noTeam.until((frames) =>
      frames.some(
        (f) =>
          f.type === "queue" &&
          f.change === "transferred" &&
          f.session.id === session.id &&
          f.session.team_id === refunds.id,
      ),
    );
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
    await postJson(`/sessions/${session.id}/messages`, { content: "anyone?" });
    // Waiting: every console hears it. Held: no console's queue does (the holder's desk follows
    // the session's room).
    for (const socket of [mine, theirs]) {
      await socket.until((frames) => messagesFor(frames).some((f) => f.session.id === session.id));
    }
    const claimed = await act("/queue/claim", holder);
    expect(claimed.body.id).toBe(session.id);
    await mine.until((frames) => frames.some((f) => f.type === "queue" && f.change === "claimed"));
    const before = [mine, theirs].map((socket) => messagesFor(socket.frames).length);
    await postJson(`/sessions/${session.id}/messages`, { content: "hello?" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([mine, theirs].map((socket) => messagesFor(socket.frames).length)).toEqual(before);
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
