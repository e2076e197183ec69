import type { AgentRepository } from "../db/agent-repository";
import type { ChatRepository } from "../db/chat-repository";
import type {
  TransitionInput,
  TransitionRepository,
  TransitionResult,
} from "../db/transition-repository";
import { type AccessPolicy, type Actor, authorize, authorizeUser } from "../domain/access";
import type { ChatSession, Visibility } from "../domain/chat";
import { ConflictError, ForbiddenError, NotFoundError, sessionNotFound } from "../domain/errors";
import { checkTransition, type Outcome, TRANSITIONS, type Transition } from "../domain/lifecycle";
import type { Notifier } from "./notifier";

export interface LifecycleServiceDeps {
  transitions: TransitionRepository;
  sessions: ChatRepository;
  agents: AgentRepository;
  notifier: Notifier;
  settings: AccessPolicy & { agentDefaultCapacity: number; reopenWindowSeconds: number };
  clock: () => Date;
  newId: () => string;
}

/**
 * A session's life: claimed from the queue, assigned, transferred, escalated, resolved, reopened,
 * rated. The statuses each transition allows are the lifecycle table's (src/domain/lifecycle.ts).
 * Every transition writes a system message into the transcript in the same transaction, which is
 * published live like any message, and announced to the agents' queue.
 */
export class LifecycleService {
  constructor(private readonly deps: LifecycleServiceDeps) {}

  /** The longest-waiting open session (escalated, then urgent, first), for the calling agent. */
  async claim(actor: Actor): Promise<ChatSession> {
    const agent = this.agent(actor, "queue:claim");
    const { transitions, agents, settings } = this.deps;
    const result = await transitions.claim(
      agent,
      settings.agentDefaultCapacity,
      this.input(`${agent.name ?? agent.id} joined`),
    );
    if (result.session && result.message) return this.applied("claim", result);
    const load = await agents.load(agent.id, settings.agentDefaultCapacity);
    if (load.assigned >= load.capacity) {
      throw new ConflictError(
        `You already hold ${load.assigned} sessions, your capacity (${load.capacity}): resolve or transfer one first.`,
        "/problems/at-capacity",
      );
    }
    throw new NotFoundError("No session is waiting in the queue.", "/problems/queue-empty");
  }

  /** A supervisor gives a session (waiting or assigned) to an agent. */
  async assign(actor: Actor, sessionId: string, to: { id: string; name: string | null }) {
    this.agent(actor, "session:assign");
    const result = await this.deps.transitions.assign(
      sessionId,
      { ...to, role: "service_agent" },
      this.input(`${to.name ?? to.id} joined`),
    );
    return this.outcome(
      "assign",
      sessionId,
      result,
      `The session is already assigned to ${to.id}.`,
    );
  }

  /** The assigned agent (or a supervisor) hands the session over to another agent. */
  async transfer(actor: Actor, sessionId: string, to: { id: string; name: string | null }) {
    const agent = this.agent(actor, "session:transfer");
    const current = await this.deps.sessions.findSessionOnly(sessionId);
    if (!current) throw sessionNotFound(sessionId);
    checkTransition("transfer", current.status);
    if (agent.role !== "supervisor" && current.assigneeId !== agent.id) {
      throw new ForbiddenError(
        "Only the assigned agent or a supervisor may transfer this session.",
      );
    }
    const from = current.assigneeName ?? current.assigneeId ?? "An agent";
    const result = await this.deps.transitions.transfer(
      sessionId,
      current.assigneeId as string,
      { ...to, role: "service_agent" },
      this.input(`${from} handed the chat over to ${to.name ?? to.id}`),
    );
    return this.outcome(
      "transfer",
      sessionId,
      result,
      "The session is already with that agent, or changed meanwhile.",
    );
  }

  /** Flags the session for supervisors and raises its priority; the reason stays internal. */
  async escalate(actor: Actor, sessionId: string, reason: string) {
    this.agent(actor, "session:escalate");
    const result = await this.deps.transitions.escalate(
      sessionId,
      reason,
      this.input(`Escalated to a supervisor: ${reason}`, "internal"),
    );
    return this.outcome("escalate", sessionId, result);
  }

  async resolve(actor: Actor, sessionId: string, outcome: Outcome) {
    this.agent(actor, "session:resolve");
    const result = await this.deps.transitions.resolve(
      sessionId,
      outcome,
      this.input(
        outcome === "resolved" ? "The chat was resolved." : `The chat was closed (${outcome}).`,
      ),
    );
    return this.outcome("resolve", sessionId, result);
  }

  /**
   * A customer wrote into a resolved session: reopen it, if it was resolved within the configured
   * window. Answers whether this call reopened it; when several race, exactly one does.
   */
  async reopen(sessionId: string, timestamp: string): Promise<boolean> {
    const { transitions, settings } = this.deps;
    const since = new Date(Date.parse(timestamp) - settings.reopenWindowSeconds * 1000);
    const result = await transitions.reopen(sessionId, since.toISOString(), {
      ...this.input("The customer wrote again: the chat is reopened."),
      timestamp,
    });
    if (!result.session || !result.message) return false;
    await this.applied("reopen", result);
    return true;
  }

  /** The customer rates their session: once, after it is resolved. */
  async rate(actor: Actor, sessionId: string, score: number, comment: string | null) {
    authorize(actor, "session:rate", this.deps.settings, sessionId);
    const { session, applied } = await this.deps.transitions.rate(
      sessionId,
      score,
      comment,
      this.deps.clock().toISOString(),
    );
    if (!session) throw sessionNotFound(sessionId);
    if (!applied) {
      throw new ConflictError(
        session.rating
          ? "This session has already been rated."
          : "A session can be rated once it is resolved.",
      );
    }
    await this.deps.notifier.announce("rated", session);
    return session;
  }

  private agent(actor: Actor, action: Parameters<typeof authorize>[1]) {
    const user = authorizeUser(actor, action, this.deps.settings);
    return { id: user.subject, name: user.name ?? null, role: user.role };
  }

  private input(content: string, visibility: Visibility = "public"): TransitionInput {
    const { clock, newId } = this.deps;
    return {
      transitionId: newId(),
      messageId: newId(),
      timestamp: clock().toISOString(),
      content,
      visibility,
    };
  }

  /**
   * After a transition's batch: publish what it wrote; or, when its guard did not hold, say why:
   * 404 for no session, 409 from the transition table for a status it cannot leave, else `conflict`.
   */
  private async outcome(
    transition: Transition,
    sessionId: string,
    result: TransitionResult,
    conflict = "The session changed meanwhile; try again.",
  ): Promise<ChatSession> {
    if (!result.session) throw sessionNotFound(sessionId);
    if (!result.message) {
      checkTransition(transition, result.session.status);
      throw new ConflictError(conflict);
    }
    return this.applied(transition, result);
  }

  private async applied(transition: Transition, { session, message }: TransitionResult) {
    if (!session || !message)
      throw new Error("A transition applied without its session or message.");
    await this.deps.notifier.stored(message, TRANSITIONS[transition].done, session);
    return session;
  }
}
