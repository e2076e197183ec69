import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are RFC 3339 UTC strings with milliseconds, so they sort as text.
export const chatSessions = sqliteTable(
  "chat_sessions",
  {
    id: text("id").primaryKey(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // The seq of the newest message; the next message takes last_seq + 1 in the same transaction.
    lastSeq: integer("last_seq").notNull().default(0),
    status: text("status", { enum: ["open", "assigned", "resolved"] })
      .notNull()
      .default("open"),
    // The token subject of the customer the session was started for.
    customerId: text("customer_id"),
  },
  (table) => [
    // The whole lifecycle is allowed here so that later workflow work needs no rebuild of this parent table.
    check("chat_sessions_status_check", sql`${table.status} in ('open', 'assigned', 'resolved')`),
    index("chat_sessions_updated_at_idx").on(table.updatedAt),
  ],
);

export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    timestamp: text("timestamp").notNull(),
    content: text("content").notNull(),
    authorType: text("author_type", { enum: ["customer", "service_agent", "system"] }).notNull(),
    clientMessageId: text("client_message_id"),
    // Who wrote it, from the token: subject and display name (null for the greeting and open mode).
    authorId: text("author_id"),
    authorName: text("author_name"),
  },
  (table) => [
    // Also the index that reads a session's messages in seq order (keyset paging).
    uniqueIndex("chat_messages_session_seq_idx").on(table.sessionId, table.seq),
    uniqueIndex("chat_messages_session_client_id_idx").on(table.sessionId, table.clientMessageId),
    check(
      "chat_messages_author_type_check",
      sql`${table.authorType} in ('customer', 'service_agent', 'system')`,
    ),
    check("chat_messages_seq_check", sql`${table.seq} >= 1`),
  ],
);

export type ChatSessionRow = typeof chatSessions.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;
