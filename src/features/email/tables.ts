import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Each email that told a customer of replies they had not seen, keyed by the session and the last
 * message it carries: the key is claimed before sending, so a retry or a restart never sends the
 * same replies twice.
 */
export const emailNotifications = sqliteTable(
  "email_notifications",
  {
    sessionId: text("session_id").notNull(),
    // The replies it carries, by seq: from first_seq to last_seq.
    firstSeq: integer("first_seq").notNull(),
    lastSeq: integer("last_seq").notNull(),
    recipient: text("recipient").notNull(),
    createdAt: text("created_at").notNull(),
    // What Email Service answered (null: claimed, the send not confirmed).
    messageId: text("message_id"),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.lastSeq] })],
);

/** Addresses never written to again: unsubscribed (one click, RFC 8058) or bounced. */
export const emailSuppressions = sqliteTable("email_suppressions", {
  email: text("email").primaryKey(),
  reason: text("reason", { enum: ["unsubscribed", "bounced"] }).notNull(),
  at: text("at").notNull(),
});

/**
 * Every email that came in to a reply address, by its Message-ID: what became of it (landed as a
 * message, or dropped and why), so that drops are counted and a redelivery is recognised.
 */
export const emailInbound = sqliteTable("email_inbound", {
  messageId: text("message_id").primaryKey(),
  sessionId: text("session_id"),
  outcome: text("outcome").notNull(),
  at: text("at").notNull(),
});
