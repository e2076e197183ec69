// What the search index costs a message, as D1 counts rows written: one row (the index's entry; FTS5
// writes its pages out at the transaction's end, which D1 does not count as the statement's rows);
// a system message, left out of the index, nothing.
import { describe, expect, it } from "vitest";
import { env } from "../../helpers";

const insert = (sessionId: string, seq: number, author: string) =>
  env.DB.prepare(
    "insert into chat_messages (id, session_id, seq, timestamp, content, author_type) values (?, ?, ?, '2026-01-01T00:00:00.000Z', 'where is my parcel, it was due on Monday', ?)",
  )
    .bind(crypto.randomUUID(), sessionId, seq, author)
    .run();

describe("the search index's cost", () => {
  it("is one row written per message it indexes, none for a system message", async () => {
    const sessionId = crypto.randomUUID();
    await env.DB.prepare(
      "insert into chat_sessions (id, created_at, updated_at) values (?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    )
      .bind(sessionId)
      .run();
    // The row and its three index entries (primary key, (session_id, seq), (session_id, client id)).
    const system = await insert(sessionId, 1, "system");
    expect(system.meta.rows_written).toBe(4);
    for (const [seq, author] of [
      [2, "customer"],
      [3, "service_agent"],
      [4, "bot"],
    ] as const) {
      const indexed = await insert(sessionId, seq, author);
      expect(indexed.meta.rows_written).toBe(5);
    }
  });
});
