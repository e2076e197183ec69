import type { Actor } from "../../core/access";
import { problemResponse } from "../../platform/http/problem";

/** A ticket the Worker verified, forwarded to the room that is to use it. */
export interface TicketUse {
  id: string;
  /** Seconds since the epoch: after this the ticket is refused anyway, so its record may go. */
  expiresAt: number;
}

/**
 * Records a ticket as used in a room's own storage; false if it was used before. The room runs one
 * event at a time and SQLite storage is synchronous, so two sockets can never both win one ticket.
 */
export function useTicketOnce(sql: SqlStorage, ticket: TicketUse, now = Date.now()): boolean {
  sql.exec(
    "CREATE TABLE IF NOT EXISTS used_tickets (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
  );
  sql.exec("DELETE FROM used_tickets WHERE expires_at < ?", Math.floor(now / 1000));
  const insert = sql.exec(
    "INSERT OR IGNORE INTO used_tickets (id, expires_at) VALUES (?, ?)",
    ticket.id,
    ticket.expiresAt,
  );
  return insert.rowsWritten > 0;
}

/** The room's answer to a ticket used before. */
export function ticketUsedResponse(): Response {
  return problemResponse(
    {
      type: "/problems/unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "This live ticket was used already; ask for a new one.",
    },
    { "WWW-Authenticate": 'Bearer realm="support-chat", error="invalid_token"' },
  );
}

/** Whether the token behind a socket has expired (callers without a token never expire). */
export function isExpired(actor: Actor, now = Date.now()): boolean {
  return actor.kind === "user" && actor.expiresAt !== undefined && actor.expiresAt * 1000 <= now;
}
