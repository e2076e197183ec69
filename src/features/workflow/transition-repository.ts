import { owedId } from "../../core/db/outbox-sql";
import { toSession } from "../../core/db/rows";
import {
  type AgentRef,
  agentValues,
  runTransition,
  type TransitionInput,
  type TransitionResult,
} from "../../core/db/transitions";
import type { Outcome, Transition } from "../../core/lifecycle";
import { prepared, runNamed, type Value } from "../../platform/db/statements";
import { transitionQueries } from "./lifecycle-sql";

export type { AgentRef, TransitionInput, TransitionResult };

/** The transitions the lifecycle makes (routing makes the others: src/features/routing). */
type LifecycleTransition = Exclude<Transition, "route" | "breach">;

/** The lifecycle's writes: each transition in one transaction, and the rating. */
export class TransitionRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, transitionQueries);
  }

  /**
   * Gives `agent` the longest-waiting open session (escalated, then urgent, first) in one
   * transaction, if their capacity allows: two agents claiming at once never get the same one.
   */
  claim(agent: AgentRef, defaultCapacity: number, input: TransitionInput) {
    return this.run("claim", { ...agentValues(agent), defaultCapacity, sessionId: null }, input);
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

  /** Hands the session to `agent`, if `actorId` holds it or `anyHolder` (a supervisor). */
  transfer(
    sessionId: string,
    by: { actorId: string; anyHolder: boolean },
    agent: AgentRef,
    input: TransitionInput,
  ) {
    const values = { ...agentValues(agent), sessionId, ...by, anyHolder: by.anyHolder ? 1 : 0 };
    return this.run("transfer", values, input);
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
   * Records a rating once, on a resolved session. Whether this request recorded it is the row its
   * update answers: of concurrent ratings exactly one changes the row.
   */
  async rate(sessionId: string, score: number, comment: string | null, timestamp: string) {
    const values = { sessionId, score, comment, timestamp, change: "rated", leftTeamId: null };
    const result = await runNamed(this.d1, this.statements.rate, values);
    const row = result.session.rows[0];
    const applied = result.rate.rows.length === 1;
    return {
      session: row ? toSession(row) : null,
      applied,
      owed: applied ? owedId(result.owe.rows) : null,
    };
  }

  private run(
    transition: LifecycleTransition,
    values: Record<string, Value>,
    input: TransitionInput,
  ) {
    return runTransition(this.d1, this.statements[transition], transition, values, input);
  }
}
