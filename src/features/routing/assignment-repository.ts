import type { ChatSession } from "../../core/chat";
import { type OwedRef, owedId } from "../../core/db/outbox-sql";
import { toSession } from "../../core/db/rows";
import {
  type AgentRef,
  runTransition,
  type TransitionInput,
  type TransitionResult,
} from "../../core/db/transitions";
import { prepared, runNamed } from "../../platform/db/statements";
import { assignmentQueries } from "./routing-sql";

export type { AgentRef, TransitionInput, TransitionResult };

/** Routing's writes: automatic assignment, a keyword rule's move, a missed service level. */
export class AssignmentRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, assignmentQueries);
  }

  /**
   * Automatic assignment of this session (if its team is routed `auto`): to the online member of its
   * team with the most free capacity who has the skill it needs; nothing when nobody may take it.
   */
  route(sessionId: string, defaultCapacity: number, input: TransitionInput) {
    const values = { sessionId, defaultCapacity, agentRole: "service_agent" };
    return runTransition(this.d1, this.statements.route, "route", values, input);
  }

  /** Automatic assignment of the team's next waiting session that somebody may take. */
  routeNext(teamId: string, defaultCapacity: number, input: TransitionInput) {
    const values = { teamId, defaultCapacity, agentRole: "service_agent" };
    return runTransition(this.d1, this.statements.routeNext, "route", values, input);
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
  ): Promise<{ session: ChatSession; owed: OwedRef | null } | null> {
    const result = await runNamed(this.d1, this.statements.placeInTeam, {
      sessionId,
      teamId,
      leftTeamId,
      change: "transferred",
      ...input,
    });
    const row = result.session.rows[0];
    return result.move.rows.length === 1 && row
      ? { session: toSession(row), owed: owedId(result.owe.rows) }
      : null;
  }

  /** Escalates a session whose answer was due by `input.timestamp` (a missed service level). */
  breach(sessionId: string, reason: string, input: TransitionInput) {
    return runTransition(this.d1, this.statements.breach, "breach", { sessionId, reason }, input);
  }
}
