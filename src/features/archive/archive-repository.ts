import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { archivedSessions, chatSessions } from "../../core/db/schema";
import { p, prepared, runOne } from "../../platform/db/statements";

export interface ArchivedRecord {
  sessionId: string;
  customerId: string | null;
  objectKey: string;
  archivedAt: string;
}

function buildQueries(db: DrizzleD1Database) {
  // The session as the transcript holds it: still resolved, nothing written or changed since.
  const unchanged = and(
    eq(chatSessions.id, p("sessionId")),
    eq(chatSessions.status, "resolved"),
    eq(chatSessions.lastSeq, p("lastSeq")),
    eq(chatSessions.updatedAt, p("updatedAt")),
  );
  return {
    due: db
      .select({ id: chatSessions.id })
      .from(chatSessions)
      .where(and(eq(chatSessions.status, "resolved"), lt(chatSessions.resolvedAt, p("cutoff"))))
      .orderBy(asc(chatSessions.resolvedAt))
      .limit(p("limit"))
      .toSQL(),
    // Marked, but still in D1: a run that stopped between marking and removing.
    unfinished: db
      .select({ id: archivedSessions.sessionId })
      .from(archivedSessions)
      .innerJoin(chatSessions, eq(chatSessions.id, archivedSessions.sessionId))
      .limit(p("limit"))
      .toSQL(),
    // Only while the session is still what was stored.
    mark: db
      .insert(archivedSessions)
      .select(
        db
          .select({
            sessionId: chatSessions.id,
            customerId: chatSessions.customerId,
            objectKey: sql<string>`${p("objectKey")}`.as("object_key"),
            resolvedAt: chatSessions.resolvedAt,
            archivedAt: sql<string>`${p("archivedAt")}`.as("archived_at"),
          })
          .from(chatSessions)
          .where(unchanged),
      )
      .onConflictDoNothing()
      .returning({ id: archivedSessions.sessionId })
      .toSQL(),
    // One statement: the session, its messages and participants (by cascade), or nothing at all.
    remove: db.delete(chatSessions).where(unchanged).returning({ id: chatSessions.id }).toSQL(),
    unmark: db
      .delete(archivedSessions)
      .where(eq(archivedSessions.sessionId, p("sessionId")))
      .toSQL(),
    find: db
      .select()
      .from(archivedSessions)
      .where(eq(archivedSessions.sessionId, p("sessionId")))
      .toSQL(),
  };
}

/** Which sessions are archived (the transcript is in R2), and their removal from D1. */
export class ArchiveRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  async due(cutoff: string, limit: number): Promise<string[]> {
    const { rows } = await runOne(this.d1, this.statements.due.bind({ cutoff, limit }));
    return rows.map((row) => row.id as string);
  }

  async unfinished(limit: number): Promise<string[]> {
    const { rows } = await runOne(this.d1, this.statements.unfinished.bind({ limit }));
    return rows.map((row) => row.session_id as string);
  }

  /** Records that the object holds the session as it is now (resolved, this seq and update). */
  async mark(session: ArchivedState, objectKey: string, archivedAt: string): Promise<boolean> {
    const { mark } = this.statements;
    const { rows } = await runOne(
      this.d1,
      mark.bind({
        sessionId: session.id,
        lastSeq: session.lastSeq,
        updatedAt: session.updatedAt,
        objectKey,
        archivedAt,
      }),
    );
    return rows.length === 1;
  }

  /** Removes the session from D1 if it is still as archived; false when it changed since. */
  async remove(session: ArchivedState): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.remove.bind(asArchived(session)));
    return rows.length === 1;
  }

  async unmark(sessionId: string): Promise<void> {
    await runOne(this.d1, this.statements.unmark.bind({ sessionId }));
  }

  async find(sessionId: string): Promise<ArchivedRecord | null> {
    const { rows } = await runOne(this.d1, this.statements.find.bind({ sessionId }));
    const row = rows[0];
    return row
      ? {
          sessionId: row.session_id as string,
          customerId: row.customer_id as string | null,
          objectKey: row.object_key as string,
          archivedAt: row.archived_at as string,
        }
      : null;
  }
}

type ArchivedState = { id: string; lastSeq: number; updatedAt: string };
const asArchived = ({ id, lastSeq, updatedAt }: ArchivedState) => ({
  sessionId: id,
  lastSeq,
  updatedAt,
});
