import type { ChatSession } from "../../core/chat";
import type { TransitionResult } from "../../core/db/transitions";
import { checkTransition, TRANSITIONS, type Transition } from "../../core/lifecycle";
import type { Notifier } from "../../core/notifier";
import { ConflictError, sessionNotFound } from "../../platform/errors";
import type { AgentRepository, RoutingService } from "../routing";

/**
 * What follows a transition's batch, the same for every row of the lifecycle table: an applied one
 * is published (its messages live, its change to the queue), a session it put in the queue is routed,
 * an agent it freed has room again; one whose guard did not hold is explained.
 */
export class TransitionOutcomes {
  constructor(
    private readonly deps: {
      agents: AgentRepository;
      notifier: Notifier;
      routing: Pick<RoutingService, "route" | "freed" | "drain">;
      settings: { agentDefaultCapacity: number };
    },
  ) {}

  /** The refusal for an agent who holds their capacity already; null if they do not. */
  async atCapacity(agentId: string): Promise<ConflictError | null> {
    const { agents, settings } = this.deps;
    const load = await agents.load(agentId, settings.agentDefaultCapacity);
    if (load.assigned < load.capacity) return null;
    return new ConflictError(
      `You already hold ${load.assigned} session${load.assigned === 1 ? "" : "s"}, your capacity (${load.capacity}): resolve or transfer one first.`,
      "/problems/at-capacity",
    );
  }

  /**
   * After a transition's batch: publish what it wrote; or, when its guard did not hold, say why:
   * 404 for no session, 409 from the transition table for a status it cannot leave, else `conflict`.
   */
  async outcome(
    transition: Transition,
    sessionId: string,
    result: TransitionResult,
    conflict = "The session changed meanwhile; try again.",
    leftTeamId: string | null = null,
  ): Promise<ChatSession> {
    if (!result.session) throw sessionNotFound(sessionId);
    if (!result.messages.length) {
      checkTransition(transition, result.session.status);
      throw new ConflictError(conflict);
    }
    return this.applied(transition, result, leftTeamId);
  }

  /**
   * Publishes what an applied transition wrote and tells the queue; a session that entered the queue
   * is routed, and an agent who no longer holds it has room again.
   */
  async applied(
    transition: Transition,
    { session, messages, owed, freedTeams }: TransitionResult,
    leftTeamId: string | null = null,
  ) {
    if (!session) throw new Error("A transition applied without its session.");
    await this.deps.notifier.stored(messages, TRANSITIONS[transition].done, session, {
      entry: owed,
      leftTeamId,
    });
    const { routing } = this.deps;
    if (TRANSITIONS[transition].to === "resolved") {
      await (freedTeams ? routing.drain(freedTeams) : routing.freed(session.assigneeId));
    }
    if (TRANSITIONS[transition].to !== "open") return session;
    return (await routing.route(session)).session ?? session;
  }
}
