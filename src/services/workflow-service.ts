import type { AnalyticsRepository } from "../db/analytics-repository";
import type { ChatRepository } from "../db/chat-repository";
import type {
  QueueFilter,
  QueueRow,
  QueueSort,
  TransitionInput,
  TransitionResult,
  WorkflowRepository,
} from "../db/workflow-repository";
import { type AccessPolicy, type Actor, authorize, viewOf } from "../domain/access";
import type { ChatSession, Message } from "../domain/chat";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from "../domain/errors";
import { nextStatus, type Outcome, type Transition } from "../domain/lifecycle";
import type { Role } from "../domain/roles";
import { type ChatService, sessionNotFound } from "./chat-service";
import type { QueueChange } from "./ports";

export interface WorkflowServiceDeps {
  workflow: WorkflowRepository;
  repository: ChatRepository;
  analytics: AnalyticsRepository;
  chat: ChatService;
  settings: AccessPolicy & { agentDefaultCapacity: number };
  clock: () => Date;
  newId: () => string;
}

type User = Extract<Actor, { kind: "user" }>;

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
}

/**
 * The support workflow: the queue and claiming, assignment, transfer, escalation, resolution,
 * ratings, read state and the team's figures. Every transition writes a system message into the
 * transcript, which is published live like any message, and is announced to the agents' queue.
 */
export class WorkflowService {
  constructor(private readonly deps: WorkflowServiceDeps) {}

  /** The longest-waiting open session (escalated, then urgent, first), for the calling agent. */
  async claim(actor: Actor): Promise<ChatSession> {
    const agent = this.agent(actor, "queue:claim");
    const { workflow, settings } = this.deps;
    const result = await workflow.claim(
      agent,
      settings.agentDefaultCapacity,
      this.input(`${agent.name ?? agent.id} joined`),
    );
    if (result.applied && result.session && result.message) {
      return this.finish("claimed", result.session, result.message);
    }
    const load = await workflow.agentLoad(agent.id, settings.agentDefaultCapacity);
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
    const result = await this.deps.workflow.assign(
      sessionId,
      { ...to, role: "service_agent" },
      this.input(`${to.name ?? to.id} joined`),
    );
    return this.outcome("assign", sessionId, result, "assigned", () => {
      throw new ConflictError(`The session is already assigned to ${to.id}.`);
    });
  }

  /** The assigned agent (or a supervisor) hands the session over to another agent. */
  async transfer(actor: Actor, sessionId: string, to: { id: string; name: string | null }) {
    const agent = this.agent(actor, "session:transfer");
    const current = await this.sessionOrThrow(sessionId);
    nextStatus("transfer", current.status);
    if (agent.role !== "supervisor" && current.assigneeId !== agent.id) {
      throw new ForbiddenError(
        "Only the assigned agent or a supervisor may transfer this session.",
      );
    }
    const from = current.assigneeName ?? current.assigneeId ?? "An agent";
    const result = await this.deps.workflow.transfer(
      sessionId,
      current.assigneeId as string,
      { ...to, role: "service_agent" },
      this.input(`${from} handed the chat over to ${to.name ?? to.id}`),
    );
    return this.outcome("transfer", sessionId, result, "transferred", () => {
      throw new ConflictError("The session is already with that agent, or changed meanwhile.");
    });
  }

  /** Flags the session for supervisors and raises its priority; the reason stays internal. */
  async escalate(actor: Actor, sessionId: string, reason: string) {
    this.agent(actor, "session:escalate");
    const result = await this.deps.workflow.escalate(
      sessionId,
      reason,
      this.input(`Escalated to a supervisor: ${reason}`, "internal"),
    );
    return this.outcome("escalate", sessionId, result, "escalated");
  }

  async resolve(actor: Actor, sessionId: string, outcome: Outcome) {
    this.agent(actor, "session:resolve");
    const result = await this.deps.workflow.resolve(
      sessionId,
      outcome,
      this.input(
        outcome === "resolved" ? "The chat was resolved." : `The chat was closed (${outcome}).`,
      ),
    );
    return this.outcome("resolve", sessionId, result, "resolved");
  }

  /** The customer rates their session: once, after it is resolved. */
  async rate(actor: Actor, sessionId: string, score: number, comment: string | null) {
    authorize(actor, "session:rate", this.deps.settings, sessionId);
    const { session, applied } = await this.deps.workflow.rate(
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
    await this.deps.chat.announce("rated", session);
    return session;
  }

  /** Moves the caller's read marker to `seq`; unread counts derive from it. */
  async markRead(actor: Actor, sessionId: string, seq: number) {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const user = this.user(actor);
    const state = await this.deps.workflow.markRead(
      sessionId,
      { id: user.subject, role: user.role, name: user.name ?? null },
      seq,
      this.deps.clock().toISOString(),
    );
    if (!state) throw sessionNotFound(sessionId);
    return { lastReadSeq: state.lastReadSeq, unread: state.lastSeq - state.lastReadSeq };
  }

  async participants(actor: Actor, sessionId: string) {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    await this.sessionOrThrow(sessionId);
    return this.deps.workflow.participants(sessionId);
  }

  /** The queue for agents: filtered, sorted, in pages with an opaque cursor. */
  async listSessions(
    actor: Actor,
    filter: QueueFilter,
    sort: QueueSort,
    cursor: string | undefined,
    limit: number,
  ): Promise<QueuePage> {
    const user = this.agent(actor, "session:list");
    const assignee = filter.assignee === "me" ? user.id : filter.assignee;
    const after = cursor ? decodeCursor(cursor, sort) : null;
    const { rows, hasMore } = await this.deps.workflow.listSessions(
      { ...filter, assignee },
      sort,
      after,
      limit,
      user.id,
      viewOf(actor),
    );
    const last = rows.at(-1);
    return {
      rows,
      nextCursor: hasMore && last ? encodeCursor(sort, last) : null,
    };
  }

  /** Whether `actor` may follow the queue live (agents); throws as listing it would. */
  checkQueueAccess(actor: Actor): void {
    authorize(actor, "queue:follow", this.deps.settings);
  }

  async setCapacity(actor: Actor, agentId: string, capacity: number): Promise<void> {
    this.agent(actor, "agent:manage");
    await this.deps.workflow.setCapacity(agentId, capacity, this.deps.clock().toISOString());
  }

  async summary(actor: Actor, from: string, to: string) {
    this.agent(actor, "analytics:read");
    return this.deps.analytics.summary(from, to);
  }

  /** The acting user, who must hold `action` (the workflow needs an identity: no open mode). */
  private agent(actor: Actor, action: Parameters<typeof authorize>[1]) {
    authorize(actor, action, this.deps.settings);
    const user = this.user(actor);
    return { id: user.subject, name: user.name ?? null, role: user.role as Role };
  }

  private user(actor: Actor): User {
    if (actor.kind !== "user") {
      throw new UnauthorizedError("The support workflow needs a bearer token.", false);
    }
    return actor;
  }

  private input(content: string, visibility: "public" | "internal" = "public"): TransitionInput {
    const { clock, newId } = this.deps;
    return {
      transitionId: newId(),
      messageId: newId(),
      timestamp: clock().toISOString(),
      content,
      visibility,
    };
  }

  private async sessionOrThrow(sessionId: string): Promise<ChatSession> {
    const session = await this.deps.repository.findSessionOnly(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    return session;
  }

  /**
   * After a transition's batch: publish what it wrote; or, when its guard did not hold, say why:
   * 404 for no session, 409 from the transition table for a status it cannot leave, else `otherwise`.
   */
  private async outcome(
    transition: Transition,
    sessionId: string,
    result: TransitionResult,
    change: QueueChange,
    otherwise: () => never = () => {
      throw new ConflictError("The session changed meanwhile; try again.");
    },
  ): Promise<ChatSession> {
    if (!result.session) throw sessionNotFound(sessionId);
    if (!result.applied || !result.message) {
      nextStatus(transition, result.session.status);
      otherwise();
    }
    return this.finish(change, result.session, result.message as Message);
  }

  private async finish(change: QueueChange, session: ChatSession, message: Message) {
    await Promise.all([
      this.deps.chat.publish(session.id, message),
      this.deps.chat.announce(change, session),
    ]);
    return session;
  }
}

function encodeCursor(sort: QueueSort, row: QueueRow): string {
  return btoa(JSON.stringify({ s: sort, k: row.sortKey, i: row.session.id }))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function decodeCursor(cursor: string, sort: QueueSort): { key: string; id: string } {
  try {
    const json = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (json.s === sort && typeof json.k === "string" && typeof json.i === "string") {
      return { key: json.k, id: json.i };
    }
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid for this listing.", [
    { path: "query.cursor", message: "is not a cursor of this listing; start from the first page" },
  ]);
}
