import type {
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  MessageView,
  SessionPage,
} from "../domain/chat";
import { chatQueryBuilder } from "./chat-sql";
import { messageValues, sessionValues, toMessage, toSession, toSessionPage } from "./rows";
import { prepared, runBatch, runBatchCounted } from "./statements";

export type NewMessageRecord = Omit<Message, "seq">;

export interface AppendOptions {
  /** What the answer's page may show. */
  view: MessageView;
  /** Agents may write into a resolved session; a customer's message there is not stored. */
  allowResolved: boolean;
  /** This message is an agent's public answer: it sets first_response_at if unset. */
  firstResponse: boolean;
  /** The writer's role, recorded with them as a participant. */
  authorRole: string | null;
}

/**
 * Sessions and their messages in D1; the only place that builds their queries. A request binds
 * values to statements prepared once, runs them in one batch, and maps the rows by hand.
 */
export class ChatRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, chatQueryBuilder);
  }

  /** A real query against the sessions table: fails when D1 or its schema is not there. */
  async ping(): Promise<void> {
    await runBatch(this.d1, [this.statements.ping.bind({})]);
  }

  /**
   * Stores a new session with its greeting and customer, unless the customer was erased since
   * `issuedAt` (their token's issue time): answers whether it was stored.
   */
  async createSession(session: ChatSession, greeting: Message, issuedAt: string): Promise<boolean> {
    const { insertSession, insertMessage, insertParticipant, eraseIfRevoked } = this.statements;
    const [, , , revoked] = await runBatchCounted(this.d1, [
      insertSession.bind(sessionValues(session)),
      insertMessage.bind({ ...messageValues(greeting), sessionId: session.id, seq: greeting.seq }),
      insertParticipant.bind({
        sessionId: session.id,
        participantId: session.customerId,
        role: "customer",
        displayName: session.customerName,
        joinedAt: session.createdAt,
      }),
      eraseIfRevoked.bind({ sessionId: session.id, customerId: session.customerId, issuedAt }),
    ]);
    return revoked.changes === 0;
  }

  async findSession(
    sessionId: string,
    limit: number,
    view: MessageView = "all",
  ): Promise<SessionPage | null> {
    const { sessionById, newest } = this.statements;
    const [sessions, newestFirst] = await runBatch(this.d1, [
      sessionById.bind({ sessionId }),
      newest[view].bind({ sessionId, limit: limit + 1 }),
    ]);
    return toSessionPage(sessions[0], newestFirst, limit);
  }

  /**
   * Stores a message with the next seq of its session, in one transaction: bump last_seq, insert
   * the message with it, record the writer as a participant, and read back the stored message and
   * the session's newest page. A client_message_id the session already holds stores nothing (the
   * stored message is read back instead), and so does a customer's message in a resolved session.
   * Returns null when the session does not exist; `stored` is null when nothing was stored.
   */
  async appendMessage(
    sessionId: string,
    message: NewMessageRecord,
    limit: number,
    options: AppendOptions,
  ): Promise<{ page: SessionPage; stored: Message | null } | null> {
    const variants = message.clientMessageId
      ? this.statements.appendWithClientId
      : this.statements.append;
    const values = {
      ...messageValues(message),
      sessionId,
      limit: limit + 1,
      allowResolved: options.allowResolved ? 1 : 0,
      firstResponseAt: options.firstResponse ? message.timestamp : null,
      authorRole: options.authorRole,
    };
    const [bump, insert, participant, readBack, session, newest] = variants[options.view];
    const [, , , stored, sessions, newestFirst] = await runBatch(this.d1, [
      bump.bind(values),
      insert.bind(values),
      participant.bind(values),
      readBack.bind(values),
      session.bind(values),
      newest.bind(values),
    ]);
    const page = toSessionPage(sessions[0], newestFirst, limit);
    const row = stored[0];
    return page && { page, stored: row ? toMessage(row) : null };
  }

  /**
   * Stores the bot's reply, if the bot still owns the session and has not answered that message
   * yet (the reply's client_message_id names it). `stored` is null when nothing was stored.
   */
  async appendBotReply(
    sessionId: string,
    reply: NewMessageRecord & { clientMessageId: string },
  ): Promise<{ session: ChatSession | null; stored: Message | null }> {
    const [bump, insert, readBack, session] = this.statements.botReply;
    const values = {
      ...messageValues(reply),
      sessionId,
      sources: reply.sources ? JSON.stringify(reply.sources) : null,
    };
    const [, , stored, sessions] = await runBatch(this.d1, [
      bump.bind(values),
      insert.bind(values),
      readBack.bind(values),
      session.bind(values),
    ]);
    return {
      session: sessions[0] ? toSession(sessions[0]) : null,
      stored: stored[0] ? toMessage(stored[0]) : null,
    };
  }

  /** One page of a session's messages, oldest first; null when the session does not exist. */
  async listMessages(
    sessionId: string,
    cursor: MessageCursor,
    limit: number,
    view: MessageView = "all",
  ): Promise<MessagePage | null> {
    const { sessionById, after, before } = this.statements;
    const page =
      "afterSeq" in cursor
        ? after[view].bind({ sessionId, seq: cursor.afterSeq, limit: limit + 1 })
        : before[view].bind({ sessionId, seq: cursor.beforeSeq, limit: limit + 1 });
    const [sessions, rows] = await runBatch(this.d1, [sessionById.bind({ sessionId }), page]);
    if (!sessions[0]) return null;
    const messages = rows.slice(0, limit).map(toMessage);
    if ("beforeSeq" in cursor) messages.reverse();
    return { messages, hasMore: rows.length > limit, lastSeq: toSession(sessions[0]).lastSeq };
  }

  /** The session alone (no messages); null when it does not exist. */
  async findSessionOnly(sessionId: string): Promise<ChatSession | null> {
    const [rows] = await runBatch(this.d1, [this.statements.sessionById.bind({ sessionId })]);
    return rows[0] ? toSession(rows[0]) : null;
  }
}
