import {
  type AccessPolicy,
  type Actor,
  authorize,
  authorOf,
  rateKey,
  viewOf,
} from "../../core/access";
import {
  type MessageCursor,
  type MessagePage,
  type NewMessage,
  newSession,
  type Visibility,
} from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { Notifier } from "../../core/notifier";
import { showsSomething } from "../../core/wire/visible";
import {
  ConflictError,
  RateLimitedError,
  sessionNotFound,
  UnauthorizedError,
  ValidationError,
} from "../../platform/errors";
import { type LocalizedText, textFor } from "../../platform/locale";
import type { RateLimiter } from "../../platform/rate-limiter";
import type { ArchiveService } from "../archive";
import type { OutboxService } from "../outbox";
import type { RoutingService } from "../routing";
import { firstResponseDue } from "../routing";
import type { LifecycleService } from "../workflow";
import type {
  AddedMessage,
  CustomerTokenIssuer,
  SessionRequest,
  StartedSession,
} from "./session-types";

export type { AddedMessage, CustomerTokenIssuer, SessionRequest, StartedSession };

export interface ChatServiceDeps {
  repository: ChatRepository;
  /** Reopens a resolved session when its customer writes again. */
  lifecycle: Pick<LifecycleService, "reopen">;
  /** Places a new session in its team, routes it, and applies keyword rules to what customers say. */
  routing: Pick<RoutingService, "place" | "route" | "onCustomerText" | "labelStarted">;
  notifier: Notifier;
  settings: AccessPolicy & {
    defaultMessage: LocalizedText;
    defaultPageSize: number;
    reopenWindowSeconds: number;
    rateLimitPeriodSeconds: number;
    ai: { responder: boolean };
  };
  issueCustomerToken: CustomerTokenIssuer;
  /** Messages per caller, whatever the transport (REST or a live socket). */
  messageLimiter: RateLimiter;
  /** Finishes what a session's earlier writes still owe (a client retried one). */
  outbox: Pick<OutboxService, "finish">;
  /** How many of a writer's files in a session no message carries yet. */
  files: { unsent(sessionId: string, actor: Actor, ids: string[]): Promise<number> };
  /** Sessions moved to the archive: read from there once D1 no longer has them. */
  archive: Pick<ArchiveService, "page" | "messages">;
  /** The current time; injectable so that tests can pin it. */
  clock: () => Date;
  /** A new UUID; injectable so that tests can pin it. */
  newId: () => string;
}

/** How often a customer's message may try to reopen a session that keeps being resolved. */
const REOPEN_ATTEMPTS = 2;

/** Chat sessions and their messages: the rules, with no HTTP and no SQL. */
export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  /**
   * A new session holds one message: the configured greeting, from a service agent, and waits in
   * the queue. The caller gets a customer token scoped to it (a customer keeps their subject and
   * name; anyone else starts a new customer).
   */
  async createSession(actor: Actor, request: SessionRequest = {}): Promise<StartedSession> {
    const { repository, settings, clock, newId, issueCustomerToken, routing } = this.deps;
    authorize(actor, "session:create", settings);
    const placement = await routing.place(request);
    const started = clock();
    const now = started.toISOString();
    const id = newId();
    const isCustomer = actor.kind === "user" && actor.role === "customer";
    const customerId = isCustomer ? actor.subject : `customer:${newId()}`;
    const status = settings.ai.responder ? "bot" : "open";
    const dueAt =
      status === "open" && placement.team
        ? firstResponseDue(placement.team.serviceLevels, "normal", now)
        : null;
    const { session, greeting } = newSession({
      id,
      status,
      team: placement.team && { id: placement.team.id, chosen: placement.chosen },
      requiredSkill: placement.requiredSkill,
      locale: request.locale ?? null,
      due: dueAt ? { at: dueAt } : null,
      pageUrl: request.pageUrl ?? null,
      now,
      customerId,
      customerName: request.customerName ?? (isCustomer ? (actor.name ?? null) : null),
      greetingId: newId(),
      greeting: textFor(settings.defaultMessage, request.locale),
    });
    // A customer's token names them (and carries them into a new chat) until they are erased.
    const issuedAt = isCustomer && actor.issuedAt ? actor.issuedAt * 1000 : started.getTime();
    const created = await repository.createSession(
      session,
      greeting,
      new Date(issuedAt).toISOString(),
    );
    if (!created.stored) {
      throw new UnauthorizedError("This customer's data was erased: the token no longer works.");
    }
    await routing.labelStarted(id, placement);
    await this.deps.notifier.announce("created", session, { entry: created.owed });
    const routed = await routing.route(session);
    return {
      page: {
        session: routed.session ?? session,
        messages: [greeting, ...routed.messages],
        hasOlderMessages: false,
      },
      customerToken: await issueCustomerToken(id, customerId, session.customerName, started),
    };
  }

  /** Refuses a team that does not exist (400), as createSession would, before anything is stored. */
  async checkTeam(teamId: string): Promise<void> {
    await this.deps.routing.place({ teamId });
  }

  async getSession(actor: Actor, sessionId: string, limit = this.deps.settings.defaultPageSize) {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const view = viewOf(actor);
    const page =
      (await this.deps.repository.findSession(sessionId, limit, view)) ??
      (await this.deps.archive.page(sessionId, limit, view));
    if (!page) throw sessionNotFound(sessionId);
    return page;
  }

  /**
   * Stores a message and answers with the session's newest page. The author follows from the
   * caller; internal notes are for agents; every caller's messages count against one rate limit,
   * whatever the transport. Retrying with the same client_message_id stores nothing new and
   * answers with the message stored the first time; reusing one for a different message (or
   * another author's: a colleague's note is not ours) is a conflict. A customer's message in a resolved session reopens it within the configured window;
   * after that the customer is told to start a new session.
   */
  async addMessage(
    actor: Actor,
    sessionId: string,
    input: NewMessage,
    limit = this.deps.settings.defaultPageSize,
  ): Promise<AddedMessage> {
    const { repository, settings, clock, newId } = this.deps;
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    if (!showsSomething(input.content) && !attachmentIds.length) {
      throw new ValidationError("A message needs text or files.", [
        { path: "body.content", message: "is required unless the message carries files" },
      ]);
    }
    authorize(actor, "message:create", settings, sessionId);
    const authorType = authorOf(actor, input.authorType);
    const visibility = input.visibility ?? "public";
    if (visibility === "internal") authorize(actor, "message:internal", settings, sessionId);
    if (!(await this.deps.messageLimiter.allow(rateKey(actor)))) {
      throw new RateLimitedError("Too many messages; slow down.", settings.rateLimitPeriodSeconds);
    }
    const id = newId();
    const timestamp = clock().toISOString();
    const authorId = actor.kind === "user" ? actor.subject : null;
    const append = async () => {
      const result = await repository.appendMessage(
        sessionId,
        {
          id,
          authorType,
          content: input.content,
          timestamp,
          clientMessageId: input.clientMessageId ?? null,
          authorId,
          authorName: actor.kind === "user" ? (actor.name ?? null) : null,
          visibility,
          sources: null,
        },
        limit,
        {
          view: viewOf(actor),
          allowResolved: authorType !== "customer",
          firstResponse: authorType === "service_agent" && visibility === "public",
          authorRole: actor.kind === "user" ? actor.role : null,
          attachmentIds,
        },
      );
      if (!result) throw sessionNotFound(sessionId);
      return result;
    };
    let result = await append();
    // Nothing stored: a customer wrote into a resolved session. Reopen it (when several race, one
    // reopens) and store again; whether the message is stored is what D1 answers, nothing else.
    for (let attempt = 0; !result.stored && attempt < REOPEN_ATTEMPTS; attempt++) {
      await this.deps.lifecycle.reopen(sessionId, timestamp);
      result = await append();
    }
    const { page, stored } = result;
    if (!stored && attachmentIds.length) {
      // Whether the files were the reason: none of them may be another message's or another's.
      const unsent = await this.deps.files.unsent(sessionId, actor, attachmentIds);
      if (unsent < attachmentIds.length) {
        throw new ConflictError(
          "A file of this message is not yours to send here, or was sent already: upload it again (POST /sessions/{session_id}/attachments).",
        );
      }
    }
    if (!stored) {
      throw new ConflictError(
        "This chat was resolved too long ago to be reopened: start a new session (POST /sessions).",
      );
    }
    const created = stored.id === id;
    if (
      !created &&
      (stored.content !== input.content ||
        stored.authorType !== authorType ||
        stored.authorId !== authorId ||
        stored.visibility !== visibility ||
        (stored.attachments ?? []).map((file) => file.id).join() !== attachmentIds.join())
    ) {
      throw new ConflictError(
        `client_message_id "${input.clientMessageId}" was already used in this session, for a different message or by another writer.`,
      );
    }
    if (created) {
      await this.deps.notifier.stored(stored, "message", page.session, { entry: result.owed });
      if (authorType === "customer")
        await this.deps.routing.onCustomerText(page.session, input.content);
    } else {
      // A retry: the first try may have stored it and died before telling anyone.
      await this.deps.outbox.finish(sessionId);
    }
    return { page, message: stored, created };
  }

  async listMessages(
    actor: Actor,
    sessionId: string,
    cursor: MessageCursor,
    limit = this.deps.settings.defaultPageSize,
  ): Promise<MessagePage> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const view = viewOf(actor);
    const page =
      (await this.deps.repository.listMessages(sessionId, cursor, limit, view)) ??
      (await this.deps.archive.messages(sessionId, cursor, limit, view));
    if (!page) throw sessionNotFound(sessionId);
    return page;
  }

  /** Whether `actor` may show others that they are typing (a message, or an internal note). */
  checkTyping(actor: Actor, sessionId: string, visibility: Visibility): void {
    authorize(actor, "message:create", this.deps.settings, sessionId);
    if (visibility === "internal") authorize(actor, "message:internal", this.deps.settings);
  }

  async checkHealth(): Promise<void> {
    await this.deps.repository.ping();
  }
}
