import { type SQL, sql } from "drizzle-orm";
import type { MessageView } from "../chat";
import { chatMessages } from "./schema";

/**
 * A session's preview in a list (the queue, a customer's conversations): the newest message someone
 * wrote (a customer, an agent, the assistant) that `view` may see. Never the service's own lines,
 * which would make every claimed or moved chat read alike: neither its transitions ("Alice joined",
 * "Alice moved the chat to Billing") nor the greeting (seq 1, a service_agent message without an
 * author: the configured text every session starts with, as search and the console's transcript
 * tell it). `column` of that message, or null while there is none.
 *
 * Correlated with the outer query's `chat_sessions` row (qualified by hand: drizzle leaves a single
 * table's columns unqualified, which the subquery would read as its own). It walks the key
 * (session_id, seq) backwards and stops at the first message that qualifies: no sort, and it reads
 * past only the newest lines it leaves out (a max() over the same filter would read every message).
 */
export function newestWritten<T>(column: "seq" | "content", view: MessageView): SQL<T | null> {
  const visible = view === "public" ? sql` and m.visibility = 'public'` : sql``;
  return sql<T | null>`(select m.${sql.raw(column)} from ${chatMessages} m
    where m.session_id = "chat_sessions"."id"${visible}
      and m.author_type <> 'system'
      and not (m.seq = 1 and m.author_type = 'service_agent' and m.author_id is null)
    order by m.seq desc limit 1)`;
}
