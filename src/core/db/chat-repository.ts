import { prepared, runBound, runNamed, runOne, type Statement } from "../../platform/db/statements";
import type {
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  MessageView,
  SessionPage,
} from "../chat";
import { chatQueryBuilder } from "./chat-sql";
import { type OwedRef, owedId } from "./outbox-sql";
import { messageValues, sessionValues, toMessage, toSession, toSessionPage } from "./rows";

export type NewMessageRecord = Omit<Message, "seq" | "attachments">;

export interface AppendOptions {
  /** What the answer's page may show. */
  view: MessageView;
  /** Agents may write into a resolved session; a customer's message there is not stored. */
  allowResolved: boolean;
  /** This message is an agent's public answer: it sets first_response_at if unset. */
  firstResponse: boolean;
  /** The writer's role, recorded with them as a participant. */
  authorRole: string | null;
  /** Files of the writer's to carry (uploaded into the session, not sent yet). */
  attachmentIds?: string[];
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
    await runOne(this.d1, this.statements.ping.bind({}));
  }

  /**
   * Stores a new session with its greeting and customer, and what it owes (its announcement),
   * unless the customer was erased since `issuedAt` (their token's issue time). Answers whether it
   * was stored, and its outbox entry.
   */
  async createSession(
    session: ChatSession,
    greeting: Message,
    issuedAt: string,
  ): Promise<{ stored: boolean; owed: OwedRef | null }> {
    const { insertSession, insertMessage, eraseIfRevoked, oweCreated } = this.statements;
    const values = { sessionId: session.id, timestamp: session.createdAt };
    const result = await runBound(this.d1, {
      session: insertSession.bind(sessionValues(session)),
      greeting: insertMessage.bind({
        ...messageValues(greeting),
        sessionId: session.id,
        seq: greeting.seq,
      }),
      revoked: eraseIfRevoked.bind({ ...values, customerId: session.customerId, issuedAt }),
      owe: oweCreated.bind({ ...values, change: "created", leftTeamId: null }),
    });
    return { stored: result.revoked.rows.length === 0, owed: owedId(result.owe.rows) };
  }

  async findSession(
    sessionId: string,
    limit: number,
    view: MessageView = "all",
  ): Promise<SessionPage | null> {
    const { sessionById, newest } = this.statements;
    const result = await runBound(this.d1, {
      session: sessionById.bind({ sessionId }),
      newest: newest[view].bind({ sessionId, limit: limit + 1 }),
    });
    return toSessionPage(result.session.rows[0], result.newest.rows, limit);
  }

  /**
   * Stores a message with the next seq of its session, in one transaction: bump last_seq, insert
   * the message with it and what it owes (outbox), record the writer as a participant, and read back
   * the stored message and the session's newest page. A client_message_id the session already holds
   * stores nothing (the stored message is read back instead), and so does a customer's message in a
   * resolved session, or a message whose files it cannot claim (all of them). Returns null when the
   * session does not exist; `stored` is null when nothing was stored; `owed` is the new message's outbox entry (null for a retry).
   */
  async appendMessage(
    sessionId: string,
    message: NewMessageRecord,
    limit: number,
    options: AppendOptions,
  ): Promise<{ page: SessionPage; stored: Message | null; owed: OwedRef | null } | null> {
    const { statements } = this;
    const variants = options.attachmentIds?.length
      ? message.clientMessageId
        ? statements.appendWithFilesAndClientId
        : statements.appendWithFiles
      : message.clientMessageId
        ? statements.appendWithClientId
        : statements.append;
    const values = {
      ...messageValues(message),
      sessionId,
      limit: limit + 1,
      allowResolved: options.allowResolved ? 1 : 0,
      firstResponseAt: options.firstResponse ? message.timestamp : null,
      authorRole: options.authorRole,
      attachmentIds: JSON.stringify(options.attachmentIds ?? []),
      change: "message",
      leftTeamId: null,
    };
    // Every variant runs all of its statements; these are the ones read back.
    const statementsRead = variants[options.view] as Record<
      "stored" | "session" | "newest" | "owe",
      Statement
    >;
    const result = await runNamed(this.d1, statementsRead, values);
    const page = toSessionPage(result.session.rows[0], result.newest.rows, limit);
    const row = result.stored.rows[0];
    return page && { page, stored: row ? toMessage(row) : null, owed: owedId(result.owe.rows) };
  }

  /**
   * Stores the bot's reply, if the bot still owns the session and has not answered that message
   * yet (the reply's client_message_id names it). `stored` is null when nothing was stored.
   */
  async appendBotReply(
    sessionId: string,
    reply: NewMessageRecord & { clientMessageId: string },
  ): Promise<{ session: ChatSession | null; stored: Message | null; owed: OwedRef | null }> {
    const values = {
      ...messageValues(reply),
      sessionId,
      sources: reply.sources ? JSON.stringify(reply.sources) : null,
      change: "message",
      leftTeamId: null,
    };
    const result = await runNamed(this.d1, this.statements.botReply, values);
    const session = result.session.rows[0];
    const stored = result.stored.rows[0];
    return {
      session: session ? toSession(session) : null,
      stored: stored ? toMessage(stored) : null,
      owed: owedId(result.owe.rows),
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
    const result = await runBound(this.d1, { session: sessionById.bind({ sessionId }), page });
    const session = result.session.rows[0];
    if (!session) return null;
    const rows = result.page.rows;
    const messages = rows.slice(0, limit).map(toMessage);
    if ("beforeSeq" in cursor) messages.reverse();
    return { messages, hasMore: rows.length > limit, lastSeq: toSession(session).lastSeq };
  }

  /** The session alone (no messages); null when it does not exist. */
  async findSessionOnly(sessionId: string): Promise<ChatSession | null> {
    const { rows } = await runOne(this.d1, this.statements.sessionById.bind({ sessionId }));
    return rows[0] ? toSession(rows[0]) : null;
  }
}
