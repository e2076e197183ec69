import { type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { p } from "../../platform/db/statements";
import { chatMessages, chatSessions, outbox } from "./schema";

// What a write owes (its fan-out), recorded in the write's own batch: the outbox rows every writer
// adds (src/features/outbox reads them back and removes them once done).

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
    .returning({ id: outbox.id, createdAt: outbox.createdAt });
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
    .returning({ id: outbox.id, createdAt: outbox.createdAt });
}

/**
 * An outbox row, as its writer and the sweeper know it: its id (which SQLite reuses once the row is
 * gone) and when it was written, which together name it for good (its events' ids derive from both).
 */
export interface OwedRef {
  id: number;
  createdAt: string;
}

/** The outbox row a batch's owe statement wrote; null when it wrote none. */
export const owedId = (rows: Record<string, unknown>[]): OwedRef | null => {
  const row = rows[0];
  return row ? { id: row.id as number, createdAt: row.created_at as string } : null;
};
