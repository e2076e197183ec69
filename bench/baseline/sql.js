// The baseline's SQL, written out by hand as drizzle prints the service's (src/core/db/chat-sql.ts).
// test/bench-baseline.test.ts holds it against the service's own statements, so the two cannot drift
// apart: when the service's SQL changes, that test fails until this file says the same.

const SESSION_COLUMNS = `"id", "created_at", "updated_at", "last_seq", "legacy_status", "status", "customer_id", "customer_name", "assignee_id", "assignee_name", "priority", "escalated", "escalation_reason", "queued_at", "first_response_at", "assigned_at", "resolved_at", "outcome", "rating", "rating_comment", "rated_at", "transition_id", "handoff_at", "handoff_reason", "started_with_bot", "bot_replies", "team_id", "team_chosen", "required_skill", "locale", "due_at", "due_kind", "sla_breached_at", "page_url"`;
const MESSAGE_COLUMNS = `"id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility", "sources", "attachments"`;
const PARTICIPANT_COLUMNS = `"session_id", "participant_id", "role", "display_name", "joined_at", "left_at", "last_read_seq"`;

const SQL_SESSION_BY_ID = `select ${SESSION_COLUMNS} from "chat_sessions" where "chat_sessions"."id" = ?`;
const IN_SESSION = `"chat_messages"."session_id" = ?`;
const PUBLIC_ONLY = ` and "chat_messages"."visibility" = ?`;
const WRITABLE = `"chat_sessions"."id" = ? and ("chat_sessions"."status" not in ('resolved') or ? = 1)`;
const CLIENT_ID_FREE = ` and not exists (select 1 from "chat_messages" where ("chat_messages"."session_id" = ? and "chat_messages"."client_message_id" = ?))`;
const selectMessages = (where) => `select ${MESSAGE_COLUMNS} from "chat_messages" where ${where}`;
// drizzle writes a lone condition bare and several in parentheses.
const newest = (view) =>
  selectMessages(
    `${view === "public" ? `(${IN_SESSION}${PUBLIC_ONLY})` : IN_SESSION} order by "chat_messages"."seq" desc limit ?`,
  );
const page = (op, order, view) =>
  selectMessages(
    `(${IN_SESSION} and "chat_messages"."seq" ${op} ?${view === "public" ? PUBLIC_ONLY : ""}) order by "chat_messages"."seq" ${order} limit ?`,
  );
/** Service levels: what the append does to the session's due answer (see src/core/db/chat-sql.ts). */
const LEVEL = `(select json_extract("teams"."service_levels", '$.' || "chat_sessions"."priority" || ?) from "teams" where "teams"."id" = "chat_sessions"."team_id")`;
const AWAITS_AGENT = `? = 'customer' and "chat_sessions"."status" in ('open', 'assigned') and "chat_sessions"."due_at" is null`;
const DUE_ON_MESSAGE = `"due_at" = case when ? is not null then null when ${AWAITS_AGENT} then strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+' || ${LEVEL} || ' seconds') else "chat_sessions"."due_at" end, "due_kind" = case when ? is not null then null when ${AWAITS_AGENT} then case when ${LEVEL} is null then null else ? end else "chat_sessions"."due_kind" end`;
/** The message a batch stored, found by the key among its session's newest (binds: session, 1, session, id). */
const STORED = `("chat_messages"."session_id" = ((select "id" from "chat_sessions" where "chat_sessions"."id" = ?)) and "chat_messages"."seq" > ((select "last_seq" - ? from "chat_sessions" where "chat_sessions"."id" = ?)) and "chat_messages"."id" in (?))`;
/** What a write owes, recorded with it (src/features/outbox/outbox-repository.ts), and removed once done. */
const OWE_MESSAGE = `insert into "outbox" ("id", "session_id", "change", "first_seq", "last_seq", "left_team_id", "created_at") select null as "id", "session_id", ? as "change", min("seq") as "first_seq", max("seq") as "last_seq", ? as "left_team_id", ? as "created_at" from "chat_messages" where ${STORED} group by "chat_messages"."session_id" returning "id", "created_at"`;
/** The statements of appending a message, by name, in batch order (chat-repository.ts appendMessage). */
const append = (withClientId, view) => {
  const isNew = `(${WRITABLE}${withClientId ? CLIENT_ID_FREE : ""})`;
  return {
    bump: `update "chat_sessions" set "updated_at" = ?, "last_seq" = "chat_sessions"."last_seq" + 1, "first_response_at" = coalesce("chat_sessions"."first_response_at", ?), ${DUE_ON_MESSAGE} where ${isNew}`,
    insert: `insert into "chat_messages" (${MESSAGE_COLUMNS}) select ? as "id", "id", "last_seq", ? as "timestamp", ? as "content", ? as "author_type", ? as "client_message_id", ? as "author_id", ? as "author_name", ? as "visibility", null as "sources", null as "attachments" from "chat_sessions" where ${isNew}`,
    owe: OWE_MESSAGE,
    participant: `insert into "session_participants" (${PARTICIPANT_COLUMNS}) select "session_id", "author_id", ? as "role", "author_name", "timestamp", null as "left_at", "seq" from "chat_messages" where (${STORED} and "chat_messages"."author_id" is not null and ? <> 'customer') on conflict ("session_participants"."session_id", "session_participants"."participant_id") do update set "left_at" = null, "last_read_seq" = max("session_participants"."last_read_seq", excluded.last_read_seq)`,
    stored: selectMessages(
      withClientId
        ? `(${IN_SESSION} and (${STORED} or "chat_messages"."client_message_id" = ?))`
        : `(${IN_SESSION} and ${STORED})`,
    ),
    session: SQL_SESSION_BY_ID,
    newest: newest(view),
  };
};
const byView = (build) => ({ all: build("all"), public: build("public") });

export const SQL = {
  insertSession: `insert into "chat_sessions" (${SESSION_COLUMNS}) values (?, ?, ?, ?, 'open', ?, ?, ?, null, null, ?, ?, null, ?, null, null, null, null, null, null, null, null, null, null, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`,
  insertMessage: `insert into "chat_messages" (${MESSAGE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)`,
  oweCreated: `insert into "outbox" ("id", "session_id", "change", "first_seq", "last_seq", "left_team_id", "created_at") select null as "id", "id", ? as "change", null as "first_seq", null as "last_seq", ? as "left_team_id", ? as "created_at" from "chat_sessions" where "chat_sessions"."id" = ? returning "id", "created_at"`,
  sessionById: SQL_SESSION_BY_ID,
  newest: byView(newest),
  append: byView((view) => append(false, view)),
  appendWithClientId: byView((view) => append(true, view)),
  after: byView((view) => page(">", "asc", view)),
  before: byView((view) => page("<", "desc", view)),
};

/** Not a statement of the chat repository's: the outbox's (src/features/outbox/outbox-repository.ts). */
export const OUTBOX_DONE = `delete from "outbox" where "outbox"."id" = ?`;
