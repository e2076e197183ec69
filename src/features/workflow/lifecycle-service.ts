import { type AccessPolicy, type Actor, authorize, authorizeUser } from "../../core/access";
import type { ChatSession, Visibility } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import { newTransitionInput } from "../../core/db/transitions";
import { type HandoffReason, handoffNote } from "../../core/handoff";
import { checkTransition, HUMAN_STATUSES, type Outcome } from "../../core/lifecycle";
import type { Notifier } from "../../core/notifier";
import { SYSTEM_LINES, type SystemLine } from "../../core/system-lines";
import type { AiConfig } from "../../platform/config/ai";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  sessionNotFound,
} from "../../platform/errors";
import type { WeeklyHours } from "../../platform/weekly-hours";
import type { RoutingService } from "../routing";
import type { TransitionOutcomes } from "./transition-outcomes";
import type { TransitionInput, TransitionRepository } from "./transition-repository";

/** How much of the transcript the handoff note draws on: the newest public messages. */
const HANDOFF_TRANSCRIPT = 50;

export interface LifecycleServiceDeps {
  /** What the customer reads at a handoff, in their language (the responder's notices). */
  handoffNotice: (
    reason: HandoffReason,
    locale: string | null,
    hours: WeeklyHours | null,
    now: Date,
    configured: AiConfig["handoffNotices"],
  ) => string;
  transitions: TransitionRepository;
  sessions: ChatRepository;
  outcomes: TransitionOutcomes;
  notifier: Notifier;
  routing: Pick<RoutingService, "place" | "route" | "freed" | "hoursOf">;
  settings: AccessPolicy & {
    agentDefaultCapacity: number;
    reopenWindowSeconds: number;
    ai: Pick<AiConfig, "responder" | "supportHours" | "handoffNotices">;
  };
  clock: () => Date;
  newId: () => string;
}

/**
 * A session's life: claimed from the queue, assigned, transferred, escalated, resolved, reopened,
 * rated. The statuses each transition allows are the lifecycle table's (src/core/lifecycle.ts).
 * Every transition writes a system message into the transcript in the same transaction, which is
 * published live like any message, and announced to the agents' queue.
 */
export class LifecycleService {
  private readonly done: TransitionOutcomes;

  constructor(private readonly deps: LifecycleServiceDeps) {
    this.done = deps.outcomes;
  }

  private input(line: SystemLine, visibility: Visibility = "public"): TransitionInput {
    return newTransitionInput(this.deps, line, visibility);
  }

  /** The longest-waiting open session (escalated, then urgent, first), for the calling agent. */
  async claim(actor: Actor): Promise<ChatSession> {
    const agent = this.agent(actor, "queue:claim");
    const { transitions, settings } = this.deps;
    const result = await transitions.claim(
      agent,
      settings.agentDefaultCapacity,
      this.input(SYSTEM_LINES.joined),
    );
    if (result.messages.length) return this.done.applied("claim", result);
    const refusal = await this.done.atCapacity(agent.id);
    throw (
      refusal ?? new NotFoundError("No session is waiting in the queue.", "/problems/queue-empty")
    );
  }

  /** The calling agent takes this session: from the bot (a takeover), or from the queue. */
  async take(actor: Actor, sessionId: string): Promise<ChatSession> {
    const agent = this.agent(actor, "queue:claim");
    const { transitions, settings } = this.deps;
    const result = await transitions.take(
      sessionId,
      agent,
      settings.agentDefaultCapacity,
      this.input(SYSTEM_LINES.joined),
    );
    if (!result.session) throw sessionNotFound(sessionId);
    if (result.messages.length) return this.done.applied("take", result);
    checkTransition("take", result.session.status);
    throw (
      (await this.done.atCapacity(agent.id)) ?? new ConflictError("The session changed meanwhile.")
    );
  }

  /** Flags the session for supervisors and raises its priority; the reason stays internal. */
  async escalate(actor: Actor, sessionId: string, reason: string) {
    this.agent(actor, "session:escalate");
    const result = await this.deps.transitions.escalate(
      sessionId,
      reason,
      this.input(SYSTEM_LINES.asIs(`Escalated to a supervisor: ${reason}`), "internal"),
    );
    return this.done.outcome("escalate", sessionId, result);
  }

  /**
   * Agents resolve a session; with the AI responder on, a customer may end their conversation with
   * the bot (never one a person owns: that is for the person to resolve).
   */
  async resolve(actor: Actor, sessionId: string, outcome: Outcome) {
    const { settings, transitions } = this.deps;
    const input = () => this.input(SYSTEM_LINES.ended(outcome));
    const isCustomer = actor.kind === "user" && actor.role === "customer";
    if (!isCustomer || !settings.ai.responder) {
      this.agent(actor, "session:resolve");
      return this.done.outcome(
        "resolve",
        sessionId,
        await transitions.resolve(sessionId, outcome, input()),
      );
    }
    authorize(actor, "session:finish", settings, sessionId);
    const result = await transitions.finish(sessionId, outcome, input());
    const status = result.session?.status;
    if (!result.messages.length && status && HUMAN_STATUSES.includes(status)) {
      throw new ForbiddenError("A person is handling this chat: they resolve it.");
    }
    return this.done.outcome("finish", sessionId, result);
  }

  /**
   * Hands a bot-owned session to the human queue: the customer is told (and, outside its team's
   * hours or the service's support hours, when to expect a person), agents get an internal note with the reason and the story so far, and
   * the queue hears of it. `actor` is who asked (the customer, an agent); null for the bot itself,
   * which gets null back, not a 409, when a person owns the session already.
   */
  async handoff(
    actor: Actor | null,
    sessionId: string,
    reason: HandoffReason,
    detail: string | null = null,
  ): Promise<ChatSession | null> {
    if (actor) authorize(actor, "session:handoff", this.deps.settings, sessionId);
    const { sessions, transitions, routing, settings, clock, newId } = this.deps;
    const transcript = await sessions.findSession(sessionId, HANDOFF_TRANSCRIPT, "public");
    if (!transcript) throw sessionNotFound(sessionId);
    // The team's hours, if it has its own; else the service's (SUPPORT_HOURS).
    const hours = (await routing.hoursOf(transcript.session.teamId)) ?? settings.ai.supportHours;
    const notice = this.deps.handoffNotice(
      reason,
      transcript.session.locale,
      hours,
      clock(),
      settings.ai.handoffNotices,
    );
    const input = this.input(SYSTEM_LINES.asIs(notice));
    const result = await transitions.handoff(sessionId, reason, {
      ...input,
      note: { id: newId(), content: handoffNote(reason, detail, transcript.messages) },
    });
    if (!actor && !result.messages.length) return null;
    return this.done.outcome("handoff", sessionId, result);
  }

  /**
   * A customer wrote into a resolved session: reopen it, if it was resolved within the configured
   * window. Answers whether this call reopened it; when several race, exactly one does.
   */
  async reopen(sessionId: string, timestamp: string): Promise<boolean> {
    const { transitions, settings } = this.deps;
    const since = new Date(Date.parse(timestamp) - settings.reopenWindowSeconds * 1000);
    const result = await transitions.reopen(sessionId, since.toISOString(), {
      ...this.input(SYSTEM_LINES.reopened),
      timestamp,
    });
    if (!result.messages.length) return false;
    await this.done.applied("reopen", result);
    return true;
  }

  /** The customer rates their session: once, after it is resolved. */
  async rate(actor: Actor, sessionId: string, score: number, comment: string | null) {
    authorize(actor, "session:rate", this.deps.settings, sessionId);
    const { session, applied, owed } = await this.deps.transitions.rate(
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
    await this.deps.notifier.announce("rated", session, { entry: owed });
    return session;
  }

  private agent(actor: Actor, action: Parameters<typeof authorize>[1]) {
    const user = authorizeUser(actor, action, this.deps.settings);
    return { id: user.subject, name: user.name ?? null, role: user.role };
  }
}
