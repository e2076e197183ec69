// A write's success is read from the rows it answers (RETURNING), never from D1's `changes`: FTS5
// writes the search index of a message when the next statement of the batch starts, and D1 counts
// those writes in that statement's `changes`.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runNamed, Statement } from "../../src/platform/db/statements";
import { createSession, env } from "../helpers";

const insertMessage = `insert into chat_messages (id, session_id, seq, timestamp, content, author_type)
  select ?, s.id, (select max(m.seq) from chat_messages m where m.session_id = s.id) + 1,
    '2026-12-05T00:00:00.000Z', 'where is my parcel', 'customer'
  from chat_sessions s where s.id = ?`;
/** Matches no row: it changes nothing. */
const missedUpdate = `update chat_sessions set priority = priority where id = ? and status = 'none'
  returning id`;

describe("runNamed", () => {
  it("answers a write that changed nothing as no rows, even right after a message's search index write", async () => {
    const { id } = await createSession();
    // D1's own count says the update after the message changed rows: the index's, not its own.
    const raw = await env.DB.batch([
      env.DB.prepare(insertMessage).bind(crypto.randomUUID(), id),
      env.DB.prepare(missedUpdate).bind(id),
    ]);
    expect(raw[1]?.results).toEqual([]);
    expect(raw[1]?.meta.changes).toBeGreaterThan(0);

    const placeholders = (...names: string[]) => names.map((name) => sql.placeholder(name));
    const result = await runNamed(
      env.DB,
      {
        message: new Statement(env.DB, {
          sql: `${insertMessage} returning seq`,
          params: placeholders("messageId", "sessionId"),
        }),
        missed: new Statement(env.DB, { sql: missedUpdate, params: placeholders("sessionId") }),
      },
      { messageId: crypto.randomUUID(), sessionId: id },
    );
    // Only rows: there is no count a caller could misread.
    expect(result).toEqual({ message: { rows: [{ seq: 3 }] }, missed: { rows: [] } });
  });
});
