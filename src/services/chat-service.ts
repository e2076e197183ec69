import type { Config } from "../config";
import type { ChatRepository } from "../db/chat-repository";
import type {
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  NewMessage,
  SessionPage,
} from "../domain/chat";
import { ConflictError, NotFoundError } from "../domain/errors";

export interface ChatServiceDeps {
  repository: ChatRepository;
  config: Pick<Config, "defaultMessage" | "defaultPageSize">;
  /** The current time; injectable so that tests can pin it. */
  clock: () => Date;
  /** A new UUID; injectable so that tests can pin it. */
  newId: () => string;
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

  /** A new session holds one message: the configured greeting, from a service agent. */
  async createSession(): Promise<SessionPage> {
    const { repository, config, clock, newId } = this.deps;
    const now = clock().toISOString();
    const session: ChatSession = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      status: "open",
      lastSeq: 1,
    };
    const greeting: Message = {
      id: newId(),
      seq: 1,
      authorType: "service_agent",
      content: config.defaultMessage,
      timestamp: now,
      clientMessageId: null,
    };
    await repository.createSession(session, greeting);
    return { session, messages: [greeting], hasOlderMessages: false };
  }

  async getSession(sessionId: string, limit = this.deps.config.defaultPageSize) {
    const page = await this.deps.repository.findSession(sessionId, limit);
    if (!page) throw sessionNotFound(sessionId);
    return page;
  }

  /**
   * Stores a message and answers with the session's newest page. Retrying with the same
   * client_message_id stores nothing new and answers with the message stored the first time;
   * reusing one for a different message is a conflict.
   */
  async addMessage(
    sessionId: string,
    input: NewMessage,
    limit = this.deps.config.defaultPageSize,
  ): Promise<AddedMessage> {
    const { repository, clock, newId } = this.deps;
    const id = newId();
    const result = await repository.appendMessage(
      sessionId,
      {
        id,
        authorType: input.authorType,
        content: input.content,
        timestamp: clock().toISOString(),
        clientMessageId: input.clientMessageId ?? null,
      },
      limit,
    );
    if (!result) throw sessionNotFound(sessionId);
    const { page, stored } = result;
    const created = stored.id === id;
    if (!created && (stored.content !== input.content || stored.authorType !== input.authorType)) {
      throw new ConflictError(
        `client_message_id "${input.clientMessageId}" was already used for a different message in this session.`,
      );
    }
    return { page, message: stored, created };
  }

  async listMessages(
    sessionId: string,
    cursor: MessageCursor,
    limit = this.deps.config.defaultPageSize,
  ): Promise<MessagePage> {
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
