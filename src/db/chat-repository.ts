import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  lt,
  notExists,
  or,
  Param,
  Placeholder,
  type SQL,
  sql,
  type Table,
} from "drizzle-orm";
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

/** A value bound to a named placeholder of a statement. */
type Value = string | number | null;
/** A row as D1 answers it: column name to value. */
type Row = Record<string, unknown>;

/** The SQL and parameters drizzle built once; parameters are constants or named placeholders. */
interface CompiledQuery {
  sql: string;
  params: unknown[];
}

/** One parameter of a statement: a constant, or the value of a named placeholder (column-encoded). */
type Binder = { constant: unknown } | { name: string; encode?: (value: Value) => unknown };

function binderOf(param: unknown): Binder {
  if (param instanceof Placeholder) return { name: param.name };
  // Insert values are wrapped with their column, which maps them to the driver's form (as drizzle does).
  if (param instanceof Param && param.value instanceof Placeholder) {
    const { encoder } = param;
    return {
      name: param.value.name,
      ...(encoder && { encode: (value: Value) => encoder.mapToDriverValue(value) }),
    };
  }
  return { constant: param };
}

/** A statement prepared once per repository: each request only binds its placeholders' values. */
class Statement {
  private readonly prepared: D1PreparedStatement;
  private readonly binders: Binder[];

  constructor(d1: D1Database, { sql, params }: CompiledQuery) {
    this.prepared = d1.prepare(sql);
    this.binders = params.map(binderOf);
  }

  bind(values: Record<string, Value>): D1PreparedStatement {
    const bound = this.binders.map((binder) => {
      if ("constant" in binder) return binder.constant;
      if (!(binder.name in values)) throw new Error(`No value for the placeholder ${binder.name}.`);
      const value = values[binder.name] ?? null;
      return value !== null && binder.encode ? binder.encode(value) : value;
    });
    return this.prepared.bind(...bound);
  }
}

const p = (name: string) => sql.placeholder(name);

/** Each query's SQL, keeping the length of the list in its type. */
const compileAll = <T extends readonly { toSQL(): CompiledQuery }[]>(queries: T) =>
  queries.map((query) => query.toSQL()) as { [K in keyof T]: CompiledQuery };

/**
 * Every query of the repository, built by drizzle with named placeholders and turned into SQL once
 * per isolate (the SQL depends on the schema only, not on the database).
 */
function buildQueries(db: DrizzleD1Database) {
  const inSession = eq(chatMessages.sessionId, p("sessionId"));
  const isSession = eq(chatSessions.id, p("sessionId"));
  const sessionById = db.select().from(chatSessions).where(isSession);
  const newestMessages = db
    .select()
    .from(chatMessages)
    .where(inSession)
    .orderBy(desc(chatMessages.seq))
    .limit(p("limit"));
  const clientIdTaken = db
    .select({ one: sql`1` })
    .from(chatMessages)
    .where(and(inSession, eq(chatMessages.clientMessageId, p("clientMessageId"))));

  /** The statements of appendMessage; `isNew` says whether the message is to be stored. */
  const append = (isNew: SQL | undefined, isStored: SQL | undefined) =>
    compileAll([
      db
        .update(chatSessions)
        .set({ lastSeq: sql`${chatSessions.lastSeq} + 1`, updatedAt: sql`${p("timestamp")}` })
        .where(isNew),
      db.insert(chatMessages).select(
        db
          .select({
            id: sql<string>`${p("id")}`.as("id"),
            sessionId: chatSessions.id,
            seq: chatSessions.lastSeq,
            timestamp: sql<string>`${p("timestamp")}`.as("timestamp"),
            content: sql<string>`${p("content")}`.as("content"),
            authorType: sql<AuthorType>`${p("authorType")}`.as("author_type"),
            clientMessageId: sql<string | null>`${p("clientMessageId")}`.as("client_message_id"),
            authorId: sql<string | null>`${p("authorId")}`.as("author_id"),
            authorName: sql<string | null>`${p("authorName")}`.as("author_name"),
          })
          .from(chatSessions)
          .where(isNew),
      ),
      db.select().from(chatMessages).where(and(inSession, isStored)),
      sessionById,
      newestMessages,
    ] as const);

  const messageColumns = {
    id: p("id"),
    sessionId: p("sessionId"),
    seq: p("seq"),
    timestamp: p("timestamp"),
    content: p("content"),
    authorType: p("authorType"),
    clientMessageId: p("clientMessageId"),
    authorId: p("authorId"),
    authorName: p("authorName"),
  };
  const page = (cursor: SQL | undefined, order: SQL) =>
    db
      .select()
      .from(chatMessages)
      .where(and(inSession, cursor))
      .orderBy(order)
      .limit(p("limit"))
      .toSQL();

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
      })
      .toSQL(),
    insertMessage: db.insert(chatMessages).values(messageColumns).toSQL(),
    sessionById: sessionById.toSQL(),
    newestMessages: newestMessages.toSQL(),
    append: append(isSession, eq(chatMessages.id, p("id"))),
    appendWithClientId: append(
      and(isSession, notExists(clientIdTaken)),
      or(eq(chatMessages.id, p("id")), eq(chatMessages.clientMessageId, p("clientMessageId"))),
    ),
    messagesAfter: page(gt(chatMessages.seq, p("seq")), asc(chatMessages.seq)),
    messagesBefore: page(lt(chatMessages.seq, p("seq")), desc(chatMessages.seq)),
  };
}

type Queries = ReturnType<typeof buildQueries>;
let queries: Queries | undefined;

function prepareStatements(d1: D1Database) {
  queries ??= buildQueries(drizzle(d1));
  const prepare = (query: CompiledQuery) => new Statement(d1, query);
  const prepareAll = <T extends readonly CompiledQuery[]>(list: T) =>
    list.map(prepare) as { [K in keyof T]: Statement };
  return {
    ping: prepare(queries.ping),
    insertSession: prepare(queries.insertSession),
    insertMessage: prepare(queries.insertMessage),
    sessionById: prepare(queries.sessionById),
    newestMessages: prepare(queries.newestMessages),
    append: prepareAll(queries.append),
    appendWithClientId: prepareAll(queries.appendWithClientId),
    messagesAfter: prepare(queries.messagesAfter),
    messagesBefore: prepare(queries.messagesBefore),
  };
}

/**
 * Sessions and their messages in D1; the only place that builds their queries. The queries are
 * built by drizzle once, with placeholders; a request binds values and maps the rows by hand.
 */
export class ChatRepository {
  private readonly d1: D1Database;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(d1: D1Database) {
    this.d1 = d1;
    this.statements = prepareStatements(d1);
  }

  /** A real query against the sessions table: fails when D1 or its schema is not there. */
  async ping(): Promise<void> {
    await this.guard(() => this.statements.ping.bind({}).all());
  }

  async createSession(session: ChatSession, greeting: Message): Promise<void> {
    const { insertSession, insertMessage } = this.statements;
    await this.batch([
      insertSession.bind({
        id: session.id,
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        status: session.status,
        lastSeq: session.lastSeq,
        customerId: session.customerId,
      }),
      insertMessage.bind({
        id: greeting.id,
        sessionId: session.id,
        seq: greeting.seq,
        timestamp: greeting.timestamp,
        content: greeting.content,
        authorType: greeting.authorType,
        clientMessageId: greeting.clientMessageId,
        authorId: greeting.authorId,
        authorName: greeting.authorName,
      }),
    ]);
  }

  async findSession(sessionId: string, limit: number): Promise<SessionPage | null> {
    const { sessionById, newestMessages } = this.statements;
    const [sessions, newestFirst] = await this.batch([
      sessionById.bind({ sessionId }),
      newestMessages.bind({ sessionId, limit: limit + 1 }),
    ]);
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
    const statements = message.clientMessageId
      ? this.statements.appendWithClientId
      : this.statements.append;
    const values = {
      sessionId,
      id: message.id,
      timestamp: message.timestamp,
      content: message.content,
      authorType: message.authorType,
      clientMessageId: message.clientMessageId,
      authorId: message.authorId,
      authorName: message.authorName,
      limit: limit + 1,
    };
    const [bump, insert, readBack, session, newest] = statements;
    const [, , stored, sessions, newestFirst] = await this.batch([
      bump.bind(values),
      insert.bind(values),
      readBack.bind(values),
      session.bind(values),
      newest.bind(values),
    ]);
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
    const { sessionById, messagesAfter, messagesBefore } = this.statements;
    const page =
      "afterSeq" in cursor
        ? messagesAfter.bind({ sessionId, seq: cursor.afterSeq, limit: limit + 1 })
        : messagesBefore.bind({ sessionId, seq: cursor.beforeSeq, limit: limit + 1 });
    const [sessions, rows] = await this.batch([sessionById.bind({ sessionId }), page]);
    if (!sessions[0]) return null;
    const messages = rows.slice(0, limit).map(toMessage);
    if ("beforeSeq" in cursor) messages.reverse();
    return { messages, hasMore: rows.length > limit };
  }

  /** Runs the statements in one D1 batch (one transaction); answers each one's rows. */
  private async batch<const T extends readonly D1PreparedStatement[]>(
    statements: T,
  ): Promise<{ [K in keyof T]: Row[] }> {
    const results = await this.guard(() => this.d1.batch<Row>([...statements]));
    return results.map((result) => result.results) as { [K in keyof T]: Row[] };
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

/** A table's column names in D1's rows, by the schema's field names. */
function columnNames<T extends Table>(table: T) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([field, column]) => [field, column.name]),
  ) as Record<keyof T["$inferSelect"], string>;
}

const SESSION: Record<keyof ChatSessionRow, string> = columnNames(chatSessions);
const MESSAGE: Record<keyof ChatMessageRow, string> = columnNames(chatMessages);

function toSessionPage(
  row: Row | undefined,
  newestFirst: Row[],
  limit: number,
): SessionPage | null {
  if (!row) return null;
  return {
    session: toSession(row),
    messages: newestFirst.slice(0, limit).reverse().map(toMessage),
    hasOlderMessages: newestFirst.length > limit,
  };
}

function toSession(row: Row): ChatSession {
  return {
    id: row[SESSION.id] as string,
    createdAt: row[SESSION.createdAt] as string,
    updatedAt: row[SESSION.updatedAt] as string,
    status: row[SESSION.status] as SessionStatus,
    lastSeq: row[SESSION.lastSeq] as number,
    customerId: row[SESSION.customerId] as string | null,
  };
}

function toMessage(row: Row): Message {
  return {
    id: row[MESSAGE.id] as string,
    seq: row[MESSAGE.seq] as number,
    authorType: row[MESSAGE.authorType] as AuthorType,
    content: row[MESSAGE.content] as string,
    timestamp: row[MESSAGE.timestamp] as string,
    clientMessageId: row[MESSAGE.clientMessageId] as string | null,
    authorId: row[MESSAGE.authorId] as string | null,
    authorName: row[MESSAGE.authorName] as string | null,
  };
}
