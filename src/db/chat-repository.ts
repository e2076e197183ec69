import {
  and,
  asc,
  desc,
  eq,
  gt,
  lt,
  notExists,
  notInArray,
  or,
  type Placeholder,
  type SQL,
  sql,
} from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type {
  ChatSession,
  Message,
  MessageAuthor,
  MessageCursor,
  MessagePage,
  MessageView,
  SessionPage,
  Visibility,
} from "../domain/chat";
import { CLOSED_STATUSES } from "../domain/lifecycle";
import { insertMessageFromSession, READ_FORWARD, upsertParticipant } from "./message-sql";
import { messageValues, sessionValues, toMessage, toSession, toSessionPage } from "./rows";
import { chatMessages, chatSessions, sessionParticipants } from "./schema";
import { compileAll, compiled, guard, p, prepared, runBatch } from "./statements";

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

const VIEWS = ["all", "public"] as const;

/**
 * Every query of the repository, built by drizzle with named placeholders and compiled once per
 * isolate (the SQL depends on the schema only, not on the database).
 */
function buildQueries(db: DrizzleD1Database) {
  const inSession = eq(chatMessages.sessionId, p("sessionId"));
  const isSession = eq(chatSessions.id, p("sessionId"));
  const visible = (view: MessageView) =>
    view === "public" ? eq(chatMessages.visibility, "public") : undefined;
  const sessionById = db.select().from(chatSessions).where(isSession);
  const newest = (view: MessageView) =>
    db
      .select()
      .from(chatMessages)
      .where(and(inSession, visible(view)))
      .orderBy(desc(chatMessages.seq))
      .limit(p("limit"));
  const clientIdTaken = db
    .select({ one: sql`1` })
    .from(chatMessages)
    .where(and(inSession, eq(chatMessages.clientMessageId, p("clientMessageId"))));
  const writable = or(
    notInArray(chatSessions.status, [...CLOSED_STATUSES]),
    sql`${p("allowResolved")} = 1`,
  );

  /** The statements of appendMessage; `isNew` says whether the message is to be stored. */
  const append = (isNew: SQL | undefined, isStored: SQL | undefined, view: MessageView) =>
    compileAll([
      db
        .update(chatSessions)
        .set({
          lastSeq: sql`${chatSessions.lastSeq} + 1`,
          updatedAt: sql`${p("timestamp")}`,
          firstResponseAt: sql`coalesce(${chatSessions.firstResponseAt}, ${p("firstResponseAt")})`,
        })
        .where(isNew),
      insertMessageFromSession(db, isNew, {
        id: p("id"),
        authorType: p("authorType"),
        clientMessageId: p("clientMessageId"),
        authorId: p("authorId"),
        authorName: p("authorName"),
      }),
      // Writing is reading: the writer takes part, and has read up to their own message.
      upsertParticipant(
        db,
        {
          sessionId: chatMessages.sessionId,
          participantId: chatMessages.authorId,
          role: sql`${p("authorRole")}`,
          displayName: chatMessages.authorName,
          joinedAt: chatMessages.timestamp,
          lastReadSeq: chatMessages.seq,
        },
        chatMessages,
        and(eq(chatMessages.id, p("id")), sql`${chatMessages.authorId} is not null`),
        { lastReadSeq: READ_FORWARD, leftAt: sql`null` },
      ),
      db.select().from(chatMessages).where(and(inSession, isStored)),
      sessionById,
      newest(view),
    ] as const);

  const page = (cursor: SQL, order: SQL, view: MessageView) =>
    db
      .select()
      .from(chatMessages)
      .where(and(inSession, cursor, visible(view)))
      .orderBy(order)
      .limit(p("limit"))
      .toSQL();
  const byView = <T>(build: (view: MessageView) => T) =>
    Object.fromEntries(VIEWS.map((view) => [view, build(view)])) as Record<MessageView, T>;

  return {
    ping: db.select({ id: chatSessions.id }).from(chatSessions).limit(1).toSQL(),
    insertSession: db
      .insert(chatSessions)
      .values({
        id: p("id"),
        createdAt: p("createdAt"),
        updatedAt: p("updatedAt"),
        status: p("status"),
        lastSeq: p("lastSeq"),
        customerId: p("customerId"),
        customerName: p("customerName"),
        priority: p("priority"),
        queuedAt: p("queuedAt"),
      })
      .toSQL(),
    insertMessage: db
      .insert(chatMessages)
      .values({
        id: p("id"),
        sessionId: p("sessionId"),
        seq: p("seq"),
        timestamp: p("timestamp"),
        content: p("content"),
        authorType: p("authorType"),
        clientMessageId: p("clientMessageId"),
        authorId: p("authorId"),
        authorName: p("authorName"),
        visibility: p("visibility"),
      })
      .toSQL(),
    insertParticipant: db
      .insert(sessionParticipants)
      .values({
        sessionId: p("sessionId"),
        participantId: p("participantId"),
        role: p("role"),
        displayName: p("displayName"),
        joinedAt: p("joinedAt"),
      })
      .toSQL(),
    sessionById: sessionById.toSQL(),
    newest: byView((view) => newest(view).toSQL()),
    append: byView((view) => append(and(isSession, writable), eq(chatMessages.id, p("id")), view)),
    appendWithClientId: byView((view) =>
      append(
        and(isSession, writable, notExists(clientIdTaken)),
        or(eq(chatMessages.id, p("id")), eq(chatMessages.clientMessageId, p("clientMessageId"))),
        view,
      ),
    ),
    after: byView((view) => page(gt(chatMessages.seq, p("seq")), asc(chatMessages.seq), view)),
    before: byView((view) => page(lt(chatMessages.seq, p("seq")), desc(chatMessages.seq), view)),
  };
}

/** Every query of the repository, compiled (SQL and parameters); built on the first call. */
export const chatQueries = (d1: D1Database) => compiled(d1, buildQueries);

/**
 * Sessions and their messages in D1; the only place that builds their queries. A request binds
 * values to statements prepared once, runs them in one batch, and maps the rows by hand.
 */
export class ChatRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** A real query against the sessions table: fails when D1 or its schema is not there. */
  async ping(): Promise<void> {
    await guard(() => this.statements.ping.bind({}).all());
  }

  async createSession(session: ChatSession, greeting: Message): Promise<void> {
    const { insertSession, insertMessage, insertParticipant } = this.statements;
    await runBatch(this.d1, [
      insertSession.bind(sessionValues(session)),
      insertMessage.bind({ ...messageValues(greeting), sessionId: session.id, seq: greeting.seq }),
      insertParticipant.bind({
        sessionId: session.id,
        participantId: session.customerId,
        role: "customer",
        displayName: session.customerName,
        joinedAt: session.createdAt,
      }),
    ]);
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
