import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lt,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { ChatSession, Message, MessageView } from "../../core/chat";
import { newestWritten } from "../../core/db/preview-sql";
import { TRIAGE_KEY } from "../../core/db/queue-order";
import { toSession } from "../../core/db/rows";
import { chatMessages, chatSessions, sessionParticipants, teamMembers } from "../../core/db/schema";
import type { Priority, SessionStatus } from "../../core/lifecycle";
import { guard, type Row } from "../../platform/db/statements";
import { sessionLabels } from "../labels";

export interface QueueFilter {
  status?: SessionStatus;
  /** An agent id, or "none" for unassigned sessions. */
  assignee?: string;
  priority?: Priority;
  escalated?: boolean;
  /** A team's id, or "none" for sessions in no team. */
  team?: string;
  /** The customer's id (their token's subject): their sessions, for an agent's context. */
  customer?: string;
  /** A label's id: the sessions carrying it. */
  label?: string;
  /**
   * Only what this agent works on: sessions of their teams, in no team, or held by them (agents;
   * supervisors and admins list every team's).
   */
  workedBy?: string;
}

export type QueueSort = "waiting" | "activity";

export interface QueueRow {
  session: ChatSession;
  /** The row's place in its sort order, for the next page's cursor. */
  sortKey: string;
  lastMessage: Pick<Message, "seq" | "authorType" | "content" | "timestamp" | "visibility"> | null;
  unread: number;
}

/** The queue as agents list it: filtered, in triage or activity order, in keyset pages. */
export class QueueRepository {
  private readonly db: DrizzleD1Database;

  constructor(d1: D1Database) {
    this.db = drizzle(d1);
  }

  /**
   * A page of the queue for `viewerId`: each session with its preview (the newest message someone
   * wrote: see newestWritten) and the viewer's unread count, in keyset order (`after` is the last
   * row of the previous page).
   */
  async list(
    filter: QueueFilter,
    sort: QueueSort,
    after: { key: string; id: string } | null,
    limit: number,
    viewerId: string,
    view: MessageView,
  ): Promise<{ rows: QueueRow[]; hasMore: boolean }> {
    const query = this.query(filter, sort, after, limit, viewerId, view);
    // Drizzle maps the joined row (nested `session`); the query is built per request because the
    // filters vary, and the queue is not the hot path.
    const rows = await guard(() => query.all());
    return {
      rows: rows.slice(0, limit).map((row) => ({
        session: toSession(sessionRow(row.session)),
        sortKey: row.sortKey,
        lastMessage:
          row.previewSeq === null
            ? null
            : {
                seq: row.previewSeq,
                authorType: row.previewAuthor as Message["authorType"],
                content: row.previewContent as string,
                timestamp: row.previewAt as string,
                visibility: row.previewVisibility as Message["visibility"],
              },
        unread: Math.max(0, row.session.lastSeq - (row.lastReadSeq ?? 0)),
      })),
      hasMore: rows.length > limit,
    };
  }

  /** The statement of a page (its plan is tested: test/core/query-plans.test.ts). */
  query(
    filter: QueueFilter,
    sort: QueueSort,
    after: { key: string; id: string } | null,
    limit: number,
    viewerId: string,
    view: MessageView,
  ) {
    const { db } = this;
    const sortKey = sort === "waiting" ? TRIAGE_KEY : sql`${chatSessions.updatedAt}`;
    const conditions: (SQL | undefined)[] = [
      filter.status && eq(chatSessions.status, filter.status),
      filter.assignee === "none"
        ? isNull(chatSessions.assigneeId)
        : filter.assignee
          ? eq(chatSessions.assigneeId, filter.assignee)
          : undefined,
      filter.priority && eq(chatSessions.priority, filter.priority),
      filter.escalated === undefined ? undefined : eq(chatSessions.escalated, filter.escalated),
      filter.team === "none"
        ? isNull(chatSessions.teamId)
        : filter.team
          ? eq(chatSessions.teamId, filter.team)
          : undefined,
      filter.customer ? eq(chatSessions.customerId, filter.customer) : undefined,
      filter.label
        ? inArray(
            chatSessions.id,
            db
              .select({ id: sessionLabels.sessionId })
              .from(sessionLabels)
              .where(eq(sessionLabels.labelId, filter.label)),
          )
        : undefined,
      filter.workedBy
        ? or(
            isNull(chatSessions.teamId),
            eq(chatSessions.assigneeId, filter.workedBy),
            inArray(
              chatSessions.teamId,
              db
                .select({ team: teamMembers.teamId })
                .from(teamMembers)
                .where(eq(teamMembers.agentId, filter.workedBy)),
            ),
          )
        : undefined,
      !after
        ? undefined
        : sort === "waiting"
          ? or(gt(sortKey, after.key), and(eq(sortKey, after.key), gt(chatSessions.id, after.id)))
          : or(lt(sortKey, after.key), and(eq(sortKey, after.key), lt(chatSessions.id, after.id))),
    ];
    // The preview: the newest message someone wrote (not the service's own lines).
    const preview = newestWritten<number>("seq", view);
    const query = db
      .select({
        session: chatSessions,
        sortKey: sql<string>`${sortKey}`.as("sort_key"),
        previewSeq: chatMessages.seq,
        previewAuthor: chatMessages.authorType,
        previewContent: chatMessages.content,
        previewAt: chatMessages.timestamp,
        previewVisibility: chatMessages.visibility,
        lastReadSeq: sessionParticipants.lastReadSeq,
      })
      .from(chatSessions)
      .leftJoin(
        chatMessages,
        and(eq(chatMessages.sessionId, chatSessions.id), eq(chatMessages.seq, preview)),
      )
      .leftJoin(
        sessionParticipants,
        and(
          eq(sessionParticipants.sessionId, chatSessions.id),
          eq(sessionParticipants.participantId, viewerId),
        ),
      )
      .where(and(...conditions))
      .orderBy(
        ...(sort === "waiting"
          ? [asc(sortKey), asc(chatSessions.id)]
          : [desc(sortKey), desc(chatSessions.id)]),
      )
      .limit(limit + 1);
    return query;
  }
}

/** Drizzle's row (field names) back to D1's column names, for the one row mapper in rows.ts. */
const SESSION_COLUMNS = Object.entries(getTableColumns(chatSessions));
function sessionRow(session: typeof chatSessions.$inferSelect): Row {
  return Object.fromEntries(
    SESSION_COLUMNS.map(([field, column]) => [column.name, session[field as keyof typeof session]]),
  );
}
