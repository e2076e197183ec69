import { type AccessPolicy, type Actor, authorizeTransfer, authorizeUser } from "../../core/access";
import type { Visibility } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import { newTransitionInput, type TransitionInput } from "../../core/db/transitions";
import { checkTransition } from "../../core/lifecycle";
import { SYSTEM_LINES, type SystemLine } from "../../core/system-lines";
import { sessionNotFound } from "../../platform/errors";
import type { RoutingService } from "../routing";
import type { TransitionOutcomes } from "./transition-outcomes";
import type { TransitionRepository } from "./transition-repository";

type AgentTo = { id: string; name: string | null };

/**
 * Who has a session: a supervisor's assignment, and a transfer by its agent (or a supervisor) to
 * another agent or to a team's queue, where that team's routing takes it on.
 */
export class HandoverService {
  constructor(
    private readonly deps: {
      transitions: TransitionRepository;
      sessions: ChatRepository;
      routing: Pick<RoutingService, "place" | "freed" | "drain">;
      outcomes: TransitionOutcomes;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** A supervisor gives a session (waiting, assigned, or the bot's) to an agent. */
  async assign(actor: Actor, sessionId: string, to: { id: string; name: string | null }) {
    authorizeUser(actor, "session:assign", this.deps.settings);
    const result = await this.deps.transitions.assign(
      sessionId,
      { ...to, role: "service_agent" },
      this.input(SYSTEM_LINES.joined),
    );
    return this.deps.outcomes.outcome(
      "assign",
      sessionId,
      result,
      `The session is already assigned to ${to.id}.`,
    );
  }

  /**
   * The assigned agent (or a supervisor) hands the session over: to another agent, or to a team's
   * queue (where its routing takes it on). The agent who held it has room again.
   */
  async transfer(actor: Actor, sessionId: string, to: { agent?: AgentTo; teamId?: string }) {
    if (to.agent) return this.handOver(actor, sessionId, to.agent);
    const { sessions, transitions, routing, settings } = this.deps;
    const current = await sessions.findSessionOnly(sessionId);
    if (!current) throw sessionNotFound(sessionId);
    authorizeTransfer(actor, current.assigneeId, settings);
    checkTransition("move", current.status);
    // Customers read names, never ids (the statement names whom it goes to, from the directory).
    const from = current.assigneeName;
    const teamId = to.teamId as string;
    const { team } = await routing.place({ teamId });
    // The team it leaves is told too: its consoles (the former holder's "Mine") drop it.
    const leftTeamId = current.teamId === teamId ? null : current.teamId;
    const input = {
      ...this.input(SYSTEM_LINES.moved(from, team?.name ?? teamId)),
      leftTeamId,
    };
    const session = await this.deps.outcomes.outcome(
      "move",
      sessionId,
      await transitions.move(sessionId, teamId, input),
      undefined,
      leftTeamId,
    );
    await routing.freed(current.assigneeId);
    return session;
  }

  /**
   * To another agent, in one round trip: the batch's guard lets only the holder (or a supervisor)
   * hand it over, and its statement names who held it. A refusal is explained from the session
   * the batch read back, unchanged.
   */
  private async handOver(actor: Actor, sessionId: string, agent: AgentTo) {
    const { transitions, routing, settings } = this.deps;
    const user = authorizeUser(actor, "session:transfer", settings);
    const result = await transitions.transfer(
      sessionId,
      { actorId: user.subject, anyHolder: user.role === "supervisor" },
      { ...agent, role: "service_agent" },
      this.input(SYSTEM_LINES.handedOver),
    );
    if (result.session && !result.messages.length) {
      authorizeTransfer(actor, result.session.assigneeId, settings);
    }
    const session = await this.deps.outcomes.outcome(
      "transfer",
      sessionId,
      result,
      "The session is already with that agent, or changed meanwhile.",
    );
    await routing.drain(result.freedTeams ?? []);
    return session;
  }

  private input(line: SystemLine, visibility: Visibility = "public"): TransitionInput {
    return newTransitionInput(this.deps, line, visibility);
  }
}
