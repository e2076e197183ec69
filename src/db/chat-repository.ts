import { and, asc, desc, eq, gt, lt, notExists, or, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type {
  AuthorType,
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  SessionPage,
  SessionStatus,
} from "../domain/chat";
import { DatabaseUnavailableError } from "../domain/errors";
import { type ChatMessageRow, type ChatSessionRow, chatMessages, chatSessions } from "./schema";

export type NewMessageRecord = Omit<Message, "seq">;

/** Sessions and their messages in D1; the only place that builds their queries. */
export class ChatRepository {
  private readonly db: DrizzleD1Database;

  constructor(d1: D1Database) {
    this.db = drizzle(d1);
  }

  /** A real query against the sessions table: fails when D1 or its schema is not there. */
  async ping(): Promise<void> {
    await this.guard(() => this.db.select({ id: chatSessions.id }).from(chatSessions).limit(1));
  }

  async createSession(session: ChatSession, greeting: Message): Promise<void> {
    await this.guard(() =>
      this.db.batch([
        this.db.insert(chatSessions).values(session),
        this.db.insert(chatMessages).values({ ...greeting, sessionId: session.id }),
      ]),
    );
  }

  async findSession(sessionId: string, limit: number): Promise<SessionPage | null> {
    const [sessions, newestFirst] = await this.guard(() =>
      this.db.batch([this.sessionById(sessionId), this.newestMessages(sessionId, limit + 1)]),
    );
    return toSessionPage(sessions[0], newestFirst, limit);
  }

  /**
   * Stores a message with the next seq of its session, in one transaction: bump last_seq, insert the
   * message with it, and read back the stored message and the session's newest page. A message whose
   * client_message_id the session already holds stores nothing; the stored one is read back instead.
   * Returns null when the session does not exist.
   */
  async appendMessage(
    sessionId: string,
    message: NewMessageRecord,
    limit: number,
  ): Promise<{ page: SessionPage; stored: Message } | null> {
    const isSession = eq(chatSessions.id, sessionId);
    const isNew = message.clientMessageId
      ? and(isSession, notExists(this.messageByClientId(sessionId, message.clientMessageId)))
      : isSession;
    const statements = [
      this.db
        .update(chatSessions)
        .set({ lastSeq: sql`${chatSessions.lastSeq} + 1`, updatedAt: message.timestamp })
        .where(isNew),
      this.db.insert(chatMessages).select(
        this.db
          .select({
            id: sql<string>`${message.id}`.as("id"),
            sessionId: chatSessions.id,
            seq: chatSessions.lastSeq,
            timestamp: sql<string>`${message.timestamp}`.as("timestamp"),
            content: sql<string>`${message.content}`.as("content"),
            authorType: sql<AuthorType>`${message.authorType}`.as("author_type"),
            clientMessageId: sql<string | null>`${message.clientMessageId}`.as("client_message_id"),
            authorId: sql<string | null>`${message.authorId}`.as("author_id"),
            authorName: sql<string | null>`${message.authorName}`.as("author_name"),
          })
          .from(chatSessions)
          .where(isNew),
      ),
      this.db
        .select()
        .from(chatMessages)
        .where(
          and(
            eq(chatMessages.sessionId, sessionId),
            message.clientMessageId
              ? or(
                  eq(chatMessages.id, message.id),
                  eq(chatMessages.clientMessageId, message.clientMessageId),
                )
              : eq(chatMessages.id, message.id),
          ),
        ),
      this.sessionById(sessionId),
      this.newestMessages(sessionId, limit + 1),
    ] as const;
    const [, , stored, sessions, newestFirst] = await this.guard(() => this.db.batch(statements));
    const page = toSessionPage(sessions[0], newestFirst, limit);
    const row = stored[0];
    return page && row ? { page, stored: toMessage(row) } : null;
  }

  /** One page of a session's messages, oldest first; null when the session does not exist. */
  async listMessages(
    sessionId: string,
    cursor: MessageCursor,
    limit: number,
  ): Promise<MessagePage | null> {
    const inSession = eq(chatMessages.sessionId, sessionId);
    const query =
      "afterSeq" in cursor
        ? this.db
            .select()
            .from(chatMessages)
            .where(and(inSession, gt(chatMessages.seq, cursor.afterSeq)))
            .orderBy(asc(chatMessages.seq))
            .limit(limit + 1)
        : this.db
            .select()
            .from(chatMessages)
            .where(and(inSession, lt(chatMessages.seq, cursor.beforeSeq)))
            .orderBy(desc(chatMessages.seq))
            .limit(limit + 1);
    const [sessions, rows] = await this.guard(() =>
      this.db.batch([this.sessionById(sessionId), query]),
    );
    if (!sessions[0]) return null;
    const messages = rows.slice(0, limit).map(toMessage);
    if ("beforeSeq" in cursor) messages.reverse();
    return { messages, hasMore: rows.length > limit };
  }

  private sessionById(sessionId: string) {
    return this.db.select().from(chatSessions).where(eq(chatSessions.id, sessionId));
  }

  private newestMessages(sessionId: string, count: number) {
    return this.db
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.sessionId, sessionId))
      .orderBy(desc(chatMessages.seq))
      .limit(count);
  }

  private messageByClientId(sessionId: string, clientMessageId: string) {
    return this.db
      .select({ one: sql`1` })
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.sessionId, sessionId),
          eq(chatMessages.clientMessageId, clientMessageId),
        ),
      );
  }

  /** Any failure of D1 itself becomes a 503 for the client; the cause is kept for the log. */
  private async guard<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      throw new DatabaseUnavailableError("The database did not answer; try again shortly.", {
        cause: error,
      });
    }
  }
}

function toSessionPage(
  row: ChatSessionRow | undefined,
  newestFirst: ChatMessageRow[],
  limit: number,
): SessionPage | null {
  if (!row) return null;
  return {
    session: toSession(row),
    messages: newestFirst.slice(0, limit).reverse().map(toMessage),
    hasOlderMessages: newestFirst.length > limit,
  };
}

function toSession(row: ChatSessionRow): ChatSession {
  return {
    id: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    status: row.status as SessionStatus,
    lastSeq: row.lastSeq,
    customerId: row.customerId,
  };
}

function toMessage(row: ChatMessageRow): Message {
  return {
    id: row.id,
    seq: row.seq,
    authorType: row.authorType as AuthorType,
    content: row.content,
    timestamp: row.timestamp,
    clientMessageId: row.clientMessageId,
    authorId: row.authorId,
    authorName: row.authorName,
  };
}
