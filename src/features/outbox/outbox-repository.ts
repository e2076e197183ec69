import { asc, eq, lt } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { outbox } from "../../core/db/schema";
import type { QueueChange } from "../../core/lifecycle";
import { p, prepared, runOne } from "../../platform/db/statements";

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
    await runOne(this.d1, this.statements.done.bind({ id }));
  }

  /** Entries written before `cutoff`, oldest first: their writer did not finish them. */
  async olderThan(cutoff: string, limit: number): Promise<OwedEntry[]> {
    const { rows } = await runOne(this.d1, this.statements.olderThan.bind({ cutoff, limit }));
    return rows.map(toEntry);
  }

  async ofSession(sessionId: string): Promise<OwedEntry[]> {
    const { rows } = await runOne(this.d1, this.statements.ofSession.bind({ sessionId }));
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
