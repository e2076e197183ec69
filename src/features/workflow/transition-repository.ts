import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { ChatSession, Message, Visibility } from "../../core/chat";
import { toMessage, toSession } from "../../core/db/rows";
import { type Outcome, TRANSITIONS, type Transition } from "../../core/lifecycle";
import type { Role } from "../../platform/auth/roles";
import {
  prepared,
  runBatchCounted,
  runBound,
  runNamed,
  type Value,
} from "../../platform/db/statements";
import { owedId } from "../outbox/outbox-repository";
import { routingQueries } from "../routing/routing-sql";
import { transitionQueries } from "./lifecycle-sql";

/** A transition's system message, and (for a handoff) the internal note that follows it. */
export interface TransitionInput {
  transitionId: string;
  messageId: string;
  timestamp: string;
  content: string;
  visibility: Visibility;
  note?: { id: string; content: string };
  /** The team the session leaves, if it does (its queue is told too). */
  leftTeamId?: string | null;
}

export interface AgentRef {
  id: string;
  name: string | null;
  role: Role;
}

export interface TransitionResult {
  /** The session after the attempt; null when it does not exist. */
  session: ChatSession | null;
  /** The messages this request wrote, in seq order; none when its guard did not hold. */
  messages: Message[];
  /** The outbox entry of what it owes (its fan-out); null when it wrote nothing. */
  owed: number | null;
}

/** Every transition's statements: the lifecycle's and automatic assignment's. */
const allTransitions = (db: DrizzleD1Database) => ({
  ...transitionQueries(db),
  ...routingQueries(db),
});

/** The lifecycle's writes: each transition in one transaction, and the rating. */
export class TransitionRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, allTransitions);
  }

  /**
   * Gives `agent` the longest-waiting open session (escalated, then urgent, first) in one
   * transaction, if their capacity allows: two agents claiming at once never get the same one.
   */
  claim(agent: AgentRef, defaultCapacity: number, input: TransitionInput) {
    return this.run("claim", { ...agentValues(agent), defaultCapacity, sessionId: null }, input);
  }

  /**
   * Automatic assignment of this session (if its team is routed `auto`): to the online member of its
   * team with the most free capacity who has the skill it needs; nothing when nobody may take it.
   */
  route(sessionId: string, defaultCapacity: number, input: TransitionInput) {
    return this.run("route", { sessionId, defaultCapacity, agentRole: "service_agent" }, input);
  }

  /**
   * Puts a session whose team was not chosen into `teamId` (the team it leaves is owed the news);
   * null when it was chosen, or a person has it.
   */
  async placeInTeam(
    sessionId: string,
    teamId: string,
    leftTeamId: string | null,
    input: Pick<TransitionInput, "transitionId" | "timestamp">,
  ): Promise<{ session: ChatSession; owed: number | null } | null> {
    const result = await runNamed(this.d1, this.statements.placeInTeam, {
      sessionId,
      teamId,
      leftTeamId,
      change: "transferred",
      ...input,
    });
    const row = result.session.rows[0];
    return result.move.changes === 1 && row
      ? { session: toSession(row), owed: owedId(result.owe.rows) }
      : null;
  }

  /** Automatic assignment of the team's next waiting session that somebody may take. */
  routeNext(teamId: string, defaultCapacity: number, input: TransitionInput) {
    return this.run("routeNext", { teamId, defaultCapacity, agentRole: "service_agent" }, input);
  }

  /** To `teamId`'s queue (a transfer to a team): the assignee, if any, leaves. */
  move(sessionId: string, teamId: string, input: TransitionInput) {
    return this.run("move", { sessionId, teamId }, input);
  }

  /** Gives `agent` this session (waiting, or owned by the bot), if their capacity allows. */
  take(sessionId: string, agent: AgentRef, defaultCapacity: number, input: TransitionInput) {
    return this.run("take", { ...agentValues(agent), defaultCapacity, sessionId }, input);
  }

  assign(sessionId: string, agent: AgentRef, input: TransitionInput) {
    return this.run("assign", { ...agentValues(agent), sessionId }, input);
  }

  /** Hands the session from `fromAgentId` (who must hold it) to `agent`. */
  transfer(sessionId: string, fromAgentId: string, agent: AgentRef, input: TransitionInput) {
    return this.run("transfer", { ...agentValues(agent), sessionId, fromAgentId }, input);
  }

  /** Escalates a session whose answer was due by `input.timestamp` (a missed service level). */
  breach(sessionId: string, reason: string, input: TransitionInput) {
    return this.run("breach", { sessionId, reason }, input);
  }

  escalate(sessionId: string, reason: string, input: TransitionInput) {
    return this.run("escalate", { sessionId, reason }, input);
  }

  /** From the bot to the human queue, with why; the input's note tells the agents the story. */
  handoff(sessionId: string, reason: string, input: TransitionInput) {
    return this.run("handoff", { sessionId, reason }, input);
  }

  resolve(sessionId: string, outcome: Outcome, input: TransitionInput) {
    return this.run("resolve", { sessionId, outcome }, input);
  }

  /** The customer ends their conversation with the bot. */
  finish(sessionId: string, outcome: Outcome, input: TransitionInput) {
    return this.run("finish", { sessionId, outcome }, input);
  }

  /** Reopens a session resolved at or after `since`. */
  reopen(sessionId: string, since: string, input: TransitionInput) {
    return this.run("reopen", { sessionId, reopenSince: since }, input);
  }

  /**
   * Records a rating once, on a resolved session. Whether this request recorded it is D1's own
   * count of rows changed: of concurrent ratings exactly one changes the row.
   */
  async rate(sessionId: string, score: number, comment: string | null, timestamp: string) {
    const [update, read] = this.statements.rate;
    const values = { sessionId, score, comment, timestamp };
    const [changed, readBack] = await runBatchCounted(this.d1, [
      update.bind(values),
      read.bind(values),
    ]);
    const row = readBack.rows[0];
    return { session: row ? toSession(row) : null, applied: changed.changes === 1 };
  }

  private async run(
    transition: Transition | "routeNext",
    values: Record<string, Value>,
    { note, leftTeamId = null, ...message }: TransitionInput,
  ): Promise<TransitionResult> {
    const bound = {
      ...values,
      ...message,
      noteId: note?.id ?? null,
      note: note?.content ?? null,
      change: TRANSITIONS[transition === "routeNext" ? "route" : transition].done,
      leftTeamId,
    } as Record<string, Value>;
    const { steps, ...tail } = this.statements[transition];
    const result = await runBound(this.d1, {
      ...Object.fromEntries(steps.map((step, i) => [`step ${i}`, step.bind(bound)])),
      owe: tail.owe.bind(bound),
      session: tail.session.bind(bound),
      messages: tail.messages.bind(bound),
    });
    const session = result.session.rows[0];
    return {
      session: session ? toSession(session) : null,
      messages: result.messages.rows.map(toMessage),
      owed: owedId(result.owe.rows),
    };
  }
}

function agentValues(agent: AgentRef): Record<string, Value> {
  return { agentId: agent.id, agentName: agent.name, agentRole: agent.role };
}
