import { asc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { chatMessages, chatSessions, outbox } from "../../core/db/schema";
import type { QueueChange } from "../../core/lifecycle";
import { p, prepared, runBatch } from "../../platform/db/statements";

/** A write's fan-out not yet done: what changed in which session, which messages to publish. */
export interface OwedEntry {
  id: number;
  sessionId: string;
  change: QueueChange;
  firstSeq: number | null;
  lastSeq: number | null;
  leftTeamId: string | null;
  createdAt: string;
}

/**
 * The statement a write adds to its batch to record what it owes: one outbox row for the messages
 * `where` selects (a transition's system message and note, an appended message), named by the
 * placeholders `change`, `leftTeamId` and `timestamp`; none when it selects none (the write did not
 * apply). Answers the row's id.
 */
export function oweMessages(db: DrizzleD1Database, where: SQL | undefined) {
  return db
    .insert(outbox)
    .select(
      db
        .select({
          id: sql<number>`null`.as("id"),
          sessionId: chatMessages.sessionId,
          change: sql<string>`${p("change")}`.as("change"),
          firstSeq: sql<number>`min(${chatMessages.seq})`.as("first_seq"),
          lastSeq: sql<number>`max(${chatMessages.seq})`.as("last_seq"),
          leftTeamId: sql<string | null>`${p("leftTeamId")}`.as("left_team_id"),
          createdAt: sql<string>`${p("timestamp")}`.as("created_at"),
        })
        .from(chatMessages)
        .where(where)
        .groupBy(chatMessages.sessionId),
    )
    .returning({ id: outbox.id });
}

/** Like oweMessages, for a change that wrote no message to the session `where` selects. */
export function oweChange(db: DrizzleD1Database, where: SQL | undefined) {
  return db
    .insert(outbox)
    .select(
      db
        .select({
          id: sql<number>`null`.as("id"),
          sessionId: chatSessions.id,
          change: sql<string>`${p("change")}`.as("change"),
          firstSeq: sql<number | null>`null`.as("first_seq"),
          lastSeq: sql<number | null>`null`.as("last_seq"),
          leftTeamId: sql<string | null>`${p("leftTeamId")}`.as("left_team_id"),
          createdAt: sql<string>`${p("timestamp")}`.as("created_at"),
        })
        .from(chatSessions)
        .where(where),
    )
    .returning({ id: outbox.id });
}

/** The id of the outbox row a batch's owe statement wrote; null when it wrote none. */
export const owedId = (rows: Record<string, unknown>[]) => (rows[0]?.id as number) ?? null;

function buildQueries(db: DrizzleD1Database) {
  return {
    done: db
      .delete(outbox)
      .where(eq(outbox.id, p("id")))
      .toSQL(),
    // The outbox holds only what is in flight: a scan of it is short.
    olderThan: db
      .select()
      .from(outbox)
      .where(lt(outbox.createdAt, p("cutoff")))
      .orderBy(asc(outbox.id))
      .limit(p("limit"))
      .toSQL(),
    ofSession: db
      .select()
      .from(outbox)
      .where(eq(outbox.sessionId, p("sessionId")))
      .orderBy(asc(outbox.id))
      .toSQL(),
  };
}

/** The outbox: what writes still owe, read back by the sweeper, removed once done. */
export class OutboxRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  async done(id: number): Promise<void> {
    await runBatch(this.d1, [this.statements.done.bind({ id })]);
  }

  /** Entries written before `cutoff`, oldest first: their writer did not finish them. */
  async olderThan(cutoff: string, limit: number): Promise<OwedEntry[]> {
    const [rows] = await runBatch(this.d1, [this.statements.olderThan.bind({ cutoff, limit })]);
    return rows.map(toEntry);
  }

  async ofSession(sessionId: string): Promise<OwedEntry[]> {
    const [rows] = await runBatch(this.d1, [this.statements.ofSession.bind({ sessionId })]);
    return rows.map(toEntry);
  }
}

function toEntry(row: Record<string, unknown>): OwedEntry {
  return {
    id: row.id as number,
    sessionId: row.session_id as string,
    change: row.change as QueueChange,
    firstSeq: row.first_seq as number | null,
    lastSeq: row.last_seq as number | null,
    leftTeamId: row.left_team_id as string | null,
    createdAt: row.created_at as string,
  };
}
