import { sql } from "drizzle-orm";
import { PRIORITIES } from "../lifecycle";
import { chatSessions } from "./schema";

/** The priority as a rank, most urgent first (0), from the domain's order of priorities. */
const PRIORITY_RANK = sql.join(
  [
    sql`case ${chatSessions.priority}`,
    ...PRIORITIES.map((priority, index) =>
      sql.raw(`when '${priority}' then ${PRIORITIES.length - 1 - index}`),
    ),
    sql`end`,
  ],
  sql` `,
);

const WAITING_SINCE = sql`coalesce(${chatSessions.queuedAt}, ${chatSessions.createdAt})`;

/**
 * The triage order of the queue, as one text key: escalated first, then by priority, then the
 * longest-waiting ("0:1:2026-11-24T…" sorts before "1:2:2026-11-24T…"). Claims take the smallest.
 */
export const TRIAGE_KEY = sql`(1 - ${chatSessions.escalated}) || ':' || ${PRIORITY_RANK} || ':' || ${WAITING_SINCE}`;
