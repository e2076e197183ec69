import { and, eq, gt, inArray, is, type Placeholder, SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { p } from "../../platform/db/statements";
import type { MessageAuthor, Source, Visibility } from "../chat";
import { chatMessages, chatSessions, sessionParticipants } from "./schema";

// The SQL every writer of messages and participants shares: the chat repository's appends and the
// lifecycle's system messages insert at the session's next seq the same way, and everyone who
// joins a session (a writer, an assignee, a reader) is recorded by the same upsert.

/**
 * Who wrote a message: a placeholder per column, or a constant (a system message has no author);
 * content, visibility and sources are placeholders of those names unless given.
 */
export type AuthorColumns = Record<
  "id" | "authorType" | "clientMessageId" | "authorId" | "authorName",
  SQL | Placeholder
> &
  Partial<Record<"content" | "visibility" | "sources" | "attachments", SQL | Placeholder>> & {
    /** Written before the statement that bumps last_seq: the message takes the next seq. */
    beforeBump?: boolean;
  };

/**
 * Inserts a message into the session that `where` selects, with the session's last_seq (bumped by the
 * statement before, unless `beforeBump`) as its seq; its timestamp, content and visibility are
 * placeholders.
 */
export function insertMessageFromSession(
  db: DrizzleD1Database,
  where: SQL | undefined,
  author: AuthorColumns,
) {
  return db.insert(chatMessages).select(
    db
      .select({
        id: sql<string>`${author.id}`.as("id"),
        sessionId: chatSessions.id,
        seq: author.beforeBump
          ? sql<number>`${chatSessions.lastSeq} + 1`.as("seq")
          : chatSessions.lastSeq,
        timestamp: sql<string>`${p("timestamp")}`.as("timestamp"),
        content: sql<string>`${author.content ?? p("content")}`.as("content"),
        authorType: sql<MessageAuthor>`${author.authorType}`.as("author_type"),
        clientMessageId: sql<string | null>`${author.clientMessageId}`.as("client_message_id"),
        authorId: sql<string | null>`${author.authorId}`.as("author_id"),
        authorName: sql<string | null>`${author.authorName}`.as("author_name"),
        visibility: sql<Visibility>`${author.visibility ?? p("visibility")}`.as("visibility"),
        sources: sql<Source[] | null>`${author.sources ?? sql`null`}`.as("sources"),
        attachments: sql<string | null>`${author.attachments ?? sql`null`}`.as("attachments"),
      })
      .from(chatSessions)
      .where(where),
  );
}

/**
 * The messages `ids` name among the `ids.length` newest of the session `session` selects: how a batch
 * finds what it just stored, by the table's key (session_id, seq), since `id` alone has no index.
 * Selects none when the batch stored none (those ids are not among the newest).
 */
export function storedByBatch(db: DrizzleD1Database, ids: Placeholder[], session: SQL | undefined) {
  const ofSession = db.select({ id: chatSessions.id }).from(chatSessions).where(session);
  const before = db
    .select({ seq: sql`${chatSessions.lastSeq} - ${ids.length}` })
    .from(chatSessions)
    .where(session);
  return and(
    eq(chatMessages.sessionId, sql`(${ofSession})`),
    gt(chatMessages.seq, sql`(${before})`),
    inArray(chatMessages.id, ids),
  );
}

/** A participant row: where it comes from, one expression per column. */
export interface ParticipantColumns {
  sessionId: SQL | SQLiteColumn;
  participantId: SQL | SQLiteColumn;
  role: SQL | SQLiteColumn;
  displayName: SQL | SQLiteColumn;
  joinedAt: SQL | SQLiteColumn;
  lastReadSeq: SQL | SQLiteColumn;
  /** When they left, if they arrive after it (default: they have not). */
  leftAt?: SQL;
}

/** A read marker only moves forward. */
export const READ_FORWARD = sql`max(${sessionParticipants.lastReadSeq}, excluded.last_read_seq)`;

/**
 * Records a participant of a session (from the rows `from` and `where` select), or, if they took
 * part before, updates them with `onRejoin` (only where `rejoinsWhen` holds, if given); they have
 * not left (left_at null) unless it says so.
 */
export function upsertParticipant(
  db: DrizzleD1Database,
  columns: ParticipantColumns,
  from: typeof chatSessions | typeof chatMessages,
  where: SQL | undefined,
  onRejoin: Partial<Record<"lastReadSeq" | "leftAt" | "role", SQL>>,
  rejoinsWhen?: SQL,
) {
  const as = (value: SQL | SQLiteColumn, name: string) => (is(value, SQL) ? value.as(name) : value);
  return db
    .insert(sessionParticipants)
    .select(
      db
        .select({
          sessionId: as(columns.sessionId, "session_id"),
          participantId: as(columns.participantId, "participant_id"),
          role: as(columns.role, "role"),
          displayName: as(columns.displayName, "display_name"),
          joinedAt: as(columns.joinedAt, "joined_at"),
          leftAt: (columns.leftAt ?? sql<null>`null`).as("left_at"),
          lastReadSeq: as(columns.lastReadSeq, "last_read_seq"),
        })
        .from(from)
        .where(where),
    )
    .onConflictDoUpdate({
      target: [sessionParticipants.sessionId, sessionParticipants.participantId],
      set: onRejoin,
      ...(rejoinsWhen && { setWhere: rejoinsWhen }),
    });
}
