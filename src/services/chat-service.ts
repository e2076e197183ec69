import type { ChatRepository } from "../db/chat-repository";
import { type AccessPolicy, type Actor, authorize, authorOf } from "../domain/access";
import type {
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  NewMessage,
  SessionPage,
} from "../domain/chat";
import { ConflictError, NotFoundError } from "../domain/errors";
import type { Logger } from "../logger";

/** Issues a customer's token for one session; null where the service signs no tokens (open mode). */
export type CustomerTokenIssuer = (
  sessionId: string,
  customerId: string,
  now: Date,
) => Promise<{ token: string; expiresAt: Date } | null>;

/** Fans a stored message out to the session's live sockets (src/live). */
export interface LivePublisher {
  publish(sessionId: string, message: Message): Promise<void>;
}

export interface ChatServiceDeps {
  repository: ChatRepository;
  settings: AccessPolicy & { defaultMessage: string; defaultPageSize: number };
  issueCustomerToken: CustomerTokenIssuer;
  live: LivePublisher;
  logger: Logger;
  /** The current time; injectable so that tests can pin it. */
  clock: () => Date;
  /** A new UUID; injectable so that tests can pin it. */
  newId: () => string;
}

export interface StartedSession {
  page: SessionPage;
  customerToken: { token: string; expiresAt: Date } | null;
}

export interface AddedMessage {
  page: SessionPage;
  message: Message;
  /** False when the message was a retry of one already stored (same client_message_id). */
  created: boolean;
}

/** Chat sessions and their messages: the rules, with no HTTP and no SQL. */
export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  /**
   * A new session holds one message: the configured greeting, from a service agent. The caller gets
   * a customer token scoped to it (a customer keeps their subject; anyone else starts a new one).
   */
  async createSession(actor: Actor): Promise<StartedSession> {
    const { repository, settings, clock, newId, issueCustomerToken } = this.deps;
    authorize(actor, "session:create", settings);
    const started = clock();
    const now = started.toISOString();
    const id = newId();
    const customerId =
      actor.kind === "user" && actor.role === "customer" ? actor.subject : `customer:${newId()}`;
    const session: ChatSession = {
      id,
      createdAt: now,
      updatedAt: now,
      status: "open",
      lastSeq: 1,
      customerId,
    };
    const greeting: Message = {
      id: newId(),
      seq: 1,
      authorType: "service_agent",
      content: settings.defaultMessage,
      timestamp: now,
      clientMessageId: null,
      authorId: null,
      authorName: null,
    };
    await repository.createSession(session, greeting);
    return {
      page: { session, messages: [greeting], hasOlderMessages: false },
      customerToken: await issueCustomerToken(id, customerId, started),
    };
  }

  async getSession(actor: Actor, sessionId: string, limit = this.deps.settings.defaultPageSize) {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const page = await this.deps.repository.findSession(sessionId, limit);
    if (!page) throw sessionNotFound(sessionId);
    return page;
  }

  /**
   * Stores a message and answers with the session's newest page. The author follows from the
   * caller. Retrying with the same client_message_id stores nothing new and answers with the
   * message stored the first time; reusing one for a different message is a conflict.
   */
  async addMessage(
    actor: Actor,
    sessionId: string,
    input: NewMessage,
    limit = this.deps.settings.defaultPageSize,
  ): Promise<AddedMessage> {
    const { repository, settings, clock, newId } = this.deps;
    authorize(actor, "message:create", settings, sessionId);
    const authorType = authorOf(actor, input.authorType);
    const id = newId();
    const result = await repository.appendMessage(
      sessionId,
      {
        id,
        authorType,
        content: input.content,
        timestamp: clock().toISOString(),
        clientMessageId: input.clientMessageId ?? null,
        authorId: actor.kind === "user" ? actor.subject : null,
        authorName: actor.kind === "user" ? (actor.name ?? null) : null,
      },
      limit,
    );
    if (!result) throw sessionNotFound(sessionId);
    const { page, stored } = result;
    const created = stored.id === id;
    if (!created && (stored.content !== input.content || stored.authorType !== authorType)) {
      throw new ConflictError(
        `client_message_id "${input.clientMessageId}" was already used for a different message in this session.`,
      );
    }
    if (created) await this.publish(sessionId, stored);
    return { page, message: stored, created };
  }

  /** Whether `actor` may follow the session live; throws as reading it would. */
  async checkLiveAccess(actor: Actor, sessionId: string): Promise<void> {
    await this.getSession(actor, sessionId, 1);
  }

  /** The write is done: a failed fan-out must not fail it (clients catch up by seq). */
  private async publish(sessionId: string, message: Message): Promise<void> {
    try {
      await this.deps.live.publish(sessionId, message);
    } catch (error) {
      this.deps.logger.warn("live fan-out failed", {
        session_id: sessionId,
        seq: message.seq,
        error: String(error),
      });
    }
  }

  async listMessages(
    actor: Actor,
    sessionId: string,
    cursor: MessageCursor,
    limit = this.deps.settings.defaultPageSize,
  ): Promise<MessagePage> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const page = await this.deps.repository.listMessages(sessionId, cursor, limit);
    if (!page) throw sessionNotFound(sessionId);
    return page;
  }

  async checkHealth(): Promise<void> {
    await this.deps.repository.ping();
  }
}

function sessionNotFound(sessionId: string) {
  return new NotFoundError(`Chat session ${sessionId} does not exist.`);
}
