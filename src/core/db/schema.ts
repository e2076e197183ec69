// Every table in one file, as drizzle-kit reads them (drizzle.config.ts): over 250 lines because
// the tables are, and split up the migrations would be generated from several places.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { MESSAGE_AUTHORS } from "../chat";
import { SESSION_STATUSES } from "../lifecycle";

// New columns carry no CHECK: adding a table-level check makes drizzle-kit rebuild the table, and
// rebuilding chat_sessions on D1 would cascade-delete every message. The domain validates them.

// Timestamps are RFC 3339 UTC strings with milliseconds, so they sort as text.
export const chatSessions = sqliteTable(
  "chat_sessions",
  {
    id: text("id").primaryKey(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // The seq of the newest message; the next message takes last_seq + 1 in the same transaction.
    lastSeq: integer("last_seq").notNull().default(0),
    // The first status column, whose CHECK (open, assigned, resolved) cannot be widened without
    // rebuilding this table, which on D1 would cascade-delete every message: renamed aside by
    // 0003_ai_responder, never read or written; its default keeps new rows within its CHECK.
    legacyStatus: text("legacy_status").notNull().default(sql`'open'`),
    // Validated by the domain (src/core/lifecycle.ts), so a new status needs no table rebuild.
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("open"),
    // The token subject of the customer the session was started for.
    customerId: text("customer_id"),
    customerName: text("customer_name"),
    assigneeId: text("assignee_id"),
    assigneeName: text("assignee_name"),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] })
      .notNull()
      .default("normal"),
    escalated: integer("escalated", { mode: "boolean" }).notNull().default(false),
    escalationReason: text("escalation_reason"),
    // When it (last) entered the queue: waiting time counts from here.
    queuedAt: text("queued_at"),
    firstResponseAt: text("first_response_at"),
    assignedAt: text("assigned_at"),
    resolvedAt: text("resolved_at"),
    outcome: text("outcome", { enum: ["resolved", "abandoned", "duplicate", "spam"] }),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    ratedAt: text("rated_at"),
    // A fresh id per transition: lets the later statements of its batch find the row it changed
    // (through its key or holder: no index of its own, src/core/db/transition-blocks.ts).
    transitionId: text("transition_id"),
    // When and why the bot handed the session to the human queue (null: it never did).
    handoffAt: text("handoff_at"),
    handoffReason: text("handoff_reason"),
    // Whether the AI first responder owned the session from the start, and how often it answered.
    startedWithBot: integer("started_with_bot", { mode: "boolean" }).notNull().default(false),
    botReplies: integer("bot_replies").notNull().default(0),
    // Routing: the team the session belongs to (no foreign key: adding one would rebuild this table),
    // whether it was chosen (by the widget or a rule; a default team may still be changed by a
    // keyword rule), and the skill an agent needs for it.
    teamId: text("team_id"),
    teamChosen: integer("team_chosen", { mode: "boolean" }).notNull().default(false),
    requiredSkill: text("required_skill"),
    // The customer's language (a tag like de or pt-BR) as the widget said at the start; null: unknown.
    locale: text("locale"),
    // Service levels: when the next answer is due (first or next response), and when it was missed.
    dueAt: text("due_at"),
    dueKind: text("due_kind"),
    slaBreachedAt: text("sla_breached_at"),
    // The page the widget started on (origin and path), for agents; the page_url rules read it too.
    pageUrl: text("page_url"),
  },
  (table) => [
    check(
      "chat_sessions_status_check",
      sql`${table.legacyStatus} in ('open', 'assigned', 'resolved')`,
    ),
    // No index holds a column every message changes (updated_at, last_seq, due_at): each would be
    // an index entry written, and billed, per message. Partial indexes hold only the rows they find.
    // The queue: only sessions that wait for a person ('open'), by team. A claim takes the session
    // out (an index entry removed, which D1 does not bill) instead of moving it to another status.
    index("chat_sessions_waiting_idx").on(table.teamId).where(sql`status = 'open'`),
    index("chat_sessions_assignee_idx")
      .on(table.assigneeId, table.status)
      .where(sql`assignee_id is not null`),
    index("chat_sessions_created_at_idx").on(table.createdAt),
    index("chat_sessions_resolved_at_idx").on(table.resolvedAt).where(sql`resolved_at is not null`),
    index("chat_sessions_handoff_at_idx").on(table.handoffAt).where(sql`handoff_at is not null`),
    // A customer's few sessions are sorted by recent activity after they are found.
    index("chat_sessions_customer_idx").on(table.customerId).where(sql`customer_id is not null`),
  ],
);

/**
 * A session's messages, keyed by (session_id, seq): WITHOUT ROWID (hand-written in
 * drizzle/0013_cheaper_messages.sql; drizzle-kit cannot say it), so the key is the row and storing a
 * message writes one row, no index entry. `id` is unique by construction (a random UUID) and found
 * with its session and seq, never alone.
 */
export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: text("id").notNull(),
    sessionId: text("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    timestamp: text("timestamp").notNull(),
    content: text("content").notNull(),
    authorType: text("author_type", { enum: MESSAGE_AUTHORS }).notNull(),
    clientMessageId: text("client_message_id"),
    // Who wrote it, from the token: subject and display name (null for the greeting and open mode).
    authorId: text("author_id"),
    authorName: text("author_name"),
    // Internal notes are for agents only: never returned to, or pushed to, a customer.
    visibility: text("visibility", { enum: ["public", "internal"] })
      .notNull()
      .default("public"),
    // For the bot's replies: the knowledge-base articles it answered from, as JSON [{id, title}].
    sources: text("sources"),
    // The files it carries, as JSON [{id, name, content_type, size, preview}] (null: none), written
    // with the message from the attachments it claimed (see `attachments`).
    attachments: text("attachments"),
  },
  (table) => [
    // The key reads a session's messages in seq order (keyset paging).
    primaryKey({ columns: [table.sessionId, table.seq] }),
    // Only messages that carry a client_message_id have an entry (a retry finds its first try).
    uniqueIndex("chat_messages_session_client_id_idx")
      .on(table.sessionId, table.clientMessageId)
      .where(sql`client_message_id is not null`),
    check(
      "chat_messages_author_type_check",
      sql`${table.authorType} in ('customer', 'service_agent', 'system', 'bot')`,
    ),
    check("chat_messages_seq_check", sql`${table.seq} >= 1`),
  ],
);

/**
 * Who took part in a session, in which role, when; and how far they have read. Keyed by
 * (session_id, participant_id) WITHOUT ROWID (hand-written in drizzle/0017_cheaper_participants.sql):
 * joining writes one row, its key (no other index since 0019).
 */
export const sessionParticipants = sqliteTable(
  "session_participants",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    participantId: text("participant_id").notNull(),
    role: text("role").notNull(),
    displayName: text("display_name"),
    joinedAt: text("joined_at").notNull(),
    leftAt: text("left_at"),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
  },
  // No index by participant alone (an entry written, and billed, with every participant): every
  // read finds them by session first (the key), a customer's through their sessions.
  (table) => [primaryKey({ columns: [table.sessionId, table.participantId] })],
);

/** Agents' settings; an agent without a row has the configured defaults. */
export const agents = sqliteTable(
  "agents",
  {
    id: text("id").primaryKey(),
    displayName: text("display_name"),
    capacity: integer("capacity"),
    updatedAt: text("updated_at").notNull(),
    // Availability: what the agent chose (online or away) and whether a console of theirs is
    // connected; routing offers sessions only to agents who are both connected and online.
    chosenStatus: text("chosen_status").notNull().default("online"),
    connected: integer("connected", { mode: "boolean" }).notNull().default(false),
    statusChangedAt: text("status_changed_at"),
    // Ties between agents with as much free capacity go to the one idle longest.
    lastAssignedAt: text("last_assigned_at"),
    // A JSON array of skills ("de", "billing").
    skills: text("skills").notNull().default("[]"),
  },
  (table) => [index("agents_availability_idx").on(table.connected, table.chosenStatus)],
);

/** Teams (inboxes): who is in them, how their sessions are routed, when they work, what they promise. */
export const teams = sqliteTable("teams", {
  // Chosen by whoever creates the team ("billing"); the widget names a team by it.
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  routing: text("routing").notNull().default("manual"),
  hours: text("hours"),
  timeZone: text("time_zone").notNull().default("UTC"),
  // A JSON object: per priority, first- and next-response targets in seconds.
  serviceLevels: text("service_levels").notNull().default("{}"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull(),
    joinedAt: text("joined_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.teamId, table.agentId] }),
    index("team_members_agent_idx").on(table.agentId),
  ],
);

/**
 * Simple routing rules, tried in order: a keyword or a page URL sends a session to a team, labels it,
 * or both (a rule names a team, a label, or both).
 */
export const routingRules = sqliteTable("routing_rules", {
  id: text("id").primaryKey(),
  teamId: text("team_id").references(() => teams.id, { onDelete: "cascade" }),
  // A label (src/features/labels) the matching session gets; removed with the label.
  labelId: text("label_id"),
  kind: text("kind").notNull(),
  pattern: text("pattern").notNull(),
  position: integer("position").notNull(),
});

/** The knowledge base the AI first responder answers from (searched through kb_articles_fts). */
export const kbArticles = sqliteTable("kb_articles", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  // A JSON array of strings (encoded by the repository).
  tags: text("tags").notNull().default(sql`'[]'`),
  // A JSON array of the ways customers ask for it ("money back"), searched with the article.
  phrasings: text("phrasings").notNull().default(sql`'[]'`),
  locale: text("locale").notNull().default("en"),
  published: integer("published", { mode: "boolean" }).notNull().default(true),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * Files uploaded into a session (the bytes are in R2, under `object_key`): pending until a message of
 * their uploader claims them (message_id, with that message's visibility), in the same transaction
 * that stores the message. No foreign key to the session: an archived session keeps its files; the
 * customer's erasure removes them (R2 first), and the cron removes pending ones left behind.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull(),
    // The session's customer, for the per-customer daily limit and erasure.
    customerId: text("customer_id"),
    uploaderId: text("uploader_id"),
    uploaderRole: text("uploader_role").notNull(),
    // Sanitised, for display and the download's file name only.
    name: text("name").notNull(),
    // Decided from the file's own bytes.
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    objectKey: text("object_key").notNull(),
    // A smaller image for the transcript (an image's, made by the uploader's browser).
    previewKey: text("preview_key"),
    previewType: text("preview_type"),
    createdAt: text("created_at").notNull(),
    messageId: text("message_id"),
    visibility: text("visibility"),
  },
  (table) => [
    index("attachments_session_idx").on(table.sessionId),
    index("attachments_customer_idx").on(table.customerId, table.createdAt),
    index("attachments_pending_idx").on(table.createdAt).where(sql`message_id is null`),
  ],
);

export type ChatSessionRow = typeof chatSessions.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;

/**
 * Sessions moved to the archive (R2): the row is written once the object is stored, before anything
 * is removed from D1, so a read finds the transcript in R2 from then on, and an archive run that
 * stopped halfway only finishes the removal.
 */
export const archivedSessions = sqliteTable(
  "archived_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    customerId: text("customer_id"),
    objectKey: text("object_key").notNull(),
    resolvedAt: text("resolved_at"),
    archivedAt: text("archived_at").notNull(),
  },
  (table) => [index("archived_sessions_customer_idx").on(table.customerId)],
);

/** The audit log's action for a customer's erasure: their tokens issued before it are refused. */
export const CUSTOMER_ERASED = "customer.erase";

/** The audit log's action for a change to a contact: its detail names the values, until an erasure. */
export const CONTACT_UPDATED = "contact.update";

/** Who did what to whose data, and when: exports and erasures of a customer's data. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    detail: text("detail").notNull().default("{}"),
  },
  (table) => [index("audit_log_subject_idx").on(table.subject, table.at)],
);

/**
 * What a write still owes the world (its live fan-out, its queue announcement, the responder's turn),
 * written in the write's own transaction and removed once done: a process that dies after the write
 * leaves its row, and the outbox sweeper finishes it. A rowid table with no other index, so a row
 * costs one write to add and one to remove.
 */
export const outbox = sqliteTable("outbox", {
  id: integer("id").primaryKey(),
  sessionId: text("session_id").notNull(),
  // What changed, as the live queue names it (src/core/lifecycle.ts, QUEUE_CHANGES).
  change: text("change").notNull(),
  // The messages to publish, by seq (null: none, e.g. a session started).
  firstSeq: integer("first_seq"),
  lastSeq: integer("last_seq"),
  // The team the session left (a move), whose queue is told too.
  leftTeamId: text("left_team_id"),
  createdAt: text("created_at").notNull(),
});
