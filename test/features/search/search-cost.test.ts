// What the search index costs a message, as D1 counts rows written: one row (the index's entry, its
// copy of the text; FTS5 writes its term pages out when the next statement or the transaction's end
// comes, which D1 does not count as this statement's rows); a system message, left out, nothing.
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
    // The row alone: it is its key (session_id, seq), and it has no client id to index.
    const system = await insert(sessionId, 1, "system");
    expect(system.meta.rows_written).toBe(1);
    for (const [seq, author] of [
      [2, "customer"],
      [3, "service_agent"],
      [4, "bot"],
    ] as const) {
      const indexed = await insert(sessionId, seq, author);
      // The row and the search index's row.
      expect(indexed.meta.rows_written).toBe(2);
    }
  });
});
