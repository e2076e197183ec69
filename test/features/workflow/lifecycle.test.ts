// The lifecycle's table (src/core/lifecycle.ts) and its SQL (src/features/workflow/lifecycle-sql.ts) agree:
// every transition, from every status, applies exactly where the table allows it and leaves the
// status the table names. Tested at the level where the rule lives: the repository on real D1, and
// the service with a notifier that records what it is told.
import { beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../../../src/composition";
import { type ChatSession, newSession } from "../../../src/core/chat";
import { ChatRepository } from "../../../src/core/db/chat-repository";
import {
  SESSION_STATUSES,
  type SessionStatus,
  TRANSITIONS,
  type Transition,
} from "../../../src/core/lifecycle";
import { AgentRepository } from "../../../src/features/routing/agent-repository";
import { AssignmentRepository } from "../../../src/features/routing/assignment-repository";
import { TeamRepository } from "../../../src/features/routing/team-repository";
import {
  TransitionRepository,
  type TransitionResult,
} from "../../../src/features/workflow/transition-repository";
import { env, mint, testServices } from "../../helpers";

const sessions = new ChatRepository(env.DB);
const transitions = new TransitionRepository(env.DB);
const assignments = new AssignmentRepository(env.DB);
const TEAM = "table-team";

// Every session of this file is in an auto-routed team whose one member (the agent every transition
// here acts as) is online, so automatic assignment applies wherever the table lets it.
beforeAll(async () => {
  await new TeamRepository(env.DB).save(
    {
      id: TEAM,
      name: "Table",
      routing: "auto",
      hours: null,
      timeZone: "UTC",
      serviceLevels: {},
      members: ["agent-other"],
    },
    "2020-01-01T00:00:00.000Z",
    { create: true },
  );
  await new AgentRepository(env.DB).setConnected(
    "agent-other",
    "Other",
    true,
    "2020-01-01T00:00:00.000Z",
  );
});
const agent = { id: "agent-table", name: "Tabby", role: "service_agent" as const };

let clock = Date.parse("2020-01-01T00:00:00.000Z");
/** Each call a second later: every session and transition of this file has its own time. */
function tick(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

const input = () => ({
  transitionId: crypto.randomUUID(),
  messageId: crypto.randomUUID(),
  timestamp: tick(),
  line: { en: ["system"] },
  visibility: "public" as const,
});

/** A new session, moved by the repository itself into `status`. */
async function sessionIn(status: SessionStatus): Promise<ChatSession> {
  const id = crypto.randomUUID();
  const { session, greeting } = newSession({
    id,
    status: status === "bot" ? "bot" : "open",
    now: tick(),
    customerId: `customer:${id}`,
    customerName: null,
    greetingId: crypto.randomUUID(),
    greeting: "hi",
    team: { id: TEAM, chosen: true },
    // Its first answer overdue already, so that a service-level breach applies wherever it may.
    due: { at: "2019-01-01T00:00:00.000Z" },
  });
  await sessions.createSession(session, greeting, session.createdAt);
  if (status === "assigned" || status === "resolved") await transitions.assign(id, agent, input());
  if (status === "resolved") await transitions.resolve(id, "resolved", input());
  const stored = await sessions.findSessionOnly(id);
  expect(stored?.status).toBe(status);
  return stored as ChatSession;
}

/** Runs `transition` on the session (claim takes whatever the queue offers). */
function run(transition: Transition, session: ChatSession): Promise<TransitionResult> {
  const other = { ...agent, id: "agent-other" };
  switch (transition) {
    case "claim":
      return transitions.claim(other, 1000, input());
    case "take":
      return transitions.take(session.id, other, 1000, input());
    case "route":
      return assignments.route(session.id, 1000, input());
    case "move":
      return transitions.move(session.id, TEAM, input());
    case "breach":
      return assignments.breach(session.id, "first response overdue", input());
    case "handoff":
      return transitions.handoff(session.id, "no_match", {
        ...input(),
        note: { id: crypto.randomUUID(), content: "note" },
      });
    case "finish":
      return transitions.finish(session.id, "resolved", input());
    case "assign":
      return transitions.assign(session.id, other, input());
    case "transfer":
      return transitions.transfer(
        session.id,
        { actorId: session.assigneeId ?? "nobody", anyHolder: false },
        other,
        input(),
      );
    case "escalate":
      return transitions.escalate(session.id, "why", input());
    case "resolve":
      return transitions.resolve(session.id, "resolved", input());
    case "reopen":
      return transitions.reopen(session.id, "2000-01-01T00:00:00.000Z", input());
  }
}

describe("the lifecycle table and its statements", () => {
  // Claims first, while the only sessions are these three: one per status.
  it("claim takes open sessions only, and leaves them assigned", async () => {
    const byStatus = Object.fromEntries(
      await Promise.all(SESSION_STATUSES.map(async (s) => [s, await sessionIn(s)] as const)),
    ) as Record<SessionStatus, ChatSession>;
    const claimed: string[] = [];
    for (;;) {
      const result = await run("claim", byStatus.open);
      if (!result.messages.length) break;
      claimed.push(result.session?.id ?? "");
      expect(result.session?.status).toBe(TRANSITIONS.claim.to);
    }
    const claimable = SESSION_STATUSES.filter((s) =>
      (TRANSITIONS.claim.from as readonly string[]).includes(s),
    ).map((s) => byStatus[s].id);
    expect(claimed).toEqual(claimable);
  });

  const cells = (Object.keys(TRANSITIONS) as Transition[])
    .filter((t) => t !== "claim")
    .flatMap((transition) => SESSION_STATUSES.map((from) => [transition, from] as const));

  it.each(cells)("%s from %s applies exactly where the table says", async (transition, from) => {
    const session = await sessionIn(from);
    const rule = TRANSITIONS[transition];
    const allowed = (rule.from as readonly SessionStatus[]).includes(from);
    const result = await run(transition, session);
    expect(result.messages.length > 0).toBe(allowed);
    const after = await sessions.findSessionOnly(session.id);
    if (!allowed) {
      expect(after).toEqual(session); // nothing changed
      return;
    }
    expect(after?.status).toBe(rule.to === "unchanged" ? from : rule.to);
    // Its system message (and, for a handoff, the agents' note after it).
    expect(after?.lastSeq).toBe(session.lastSeq + result.messages.length);
    expect(result.messages.map((m) => m.seq)).toEqual(
      result.messages.map((_, i) => session.lastSeq + 1 + i),
    );
  });
});

describe("LifecycleService", () => {
  let told: string[];
  let services: Services;

  beforeAll(() => {
    told = [];
    services = testServices({
      live: {
        publish: async (sessionId, message) => void told.push(`${sessionId}:${message.seq}`),
        watchDue: async () => {},
        end: async () => {},
      },
    });
  });

  it("publishes the system message of a transition that applied, and nothing for one refused", async () => {
    const supervisor = await services.verifier.verify(
      await mint({ role: "supervisor", subject: "sue" }),
    );
    const session = await sessionIn("resolved");
    await expect(services.lifecycle.escalate(supervisor, session.id, "late")).rejects.toThrow(
      "cannot be escalated",
    );
    expect(told).toEqual([]);
    const open = await sessionIn("open");
    const escalated = await services.lifecycle.escalate(supervisor, open.id, "late");
    expect(escalated).toMatchObject({ priority: "high", escalated: true });
    expect(told).toEqual([`${open.id}:2`]);
  });
});
