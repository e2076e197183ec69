// The index's key: a message's rowid in chat_messages_fts is (its session's rowid << 24) | seq, so a
// session's messages are one range; each way a message goes (edited, deleted, its session deleted)
// takes its entry with it, another session's stay, and a seq past 24 bits is left out, not collided;
// the greeting is left out.
import { describe, expect, it } from "vitest";
import { SEQ_BITS } from "../../../src/features/search/search-sql";
import { env } from "../../helpers";
import { word } from "./search-helpers";

const at = "2026-01-01T00:00:00.000Z";

async function session(): Promise<{ id: string; rowid: number }> {
  const id = crypto.randomUUID();
  const row = await env.DB.prepare(
    "insert into chat_sessions (id, created_at, updated_at) values (?, ?, ?) returning rowid",
  )
    .bind(id, at, at)
    .first<{ rowid: number }>();
  return { id, rowid: row?.rowid ?? -1 };
}

const write = (sessionId: string, seq: number, content: string, author = "customer") =>
  env.DB.prepare(
    "insert into chat_messages (id, session_id, seq, timestamp, content, author_type) values (?, ?, ?, ?, ?, ?)",
  )
    .bind(crypto.randomUUID(), sessionId, seq, at, content, author)
    .run();

/** The index's rowids that match `term`, in order. */
async function found(term: string): Promise<number[]> {
  const { results } = await env.DB.prepare(
    "select rowid from chat_messages_fts where chat_messages_fts match ? order by rowid",
  )
    .bind(`"${term}"`)
    .all<{ rowid: number }>();
  return results.map((row) => row.rowid);
}

const key = (sessionRowid: number, seq: number) => sessionRowid * 2 ** SEQ_BITS + seq;

describe("the search index's key", () => {
  it("is the session's rowid and the seq, and follows edits, deletions and the session's deletion", async () => {
    const term = word();
    const [a, b] = [await session(), await session()];
    await write(a.id, 1, `${term} one`);
    await write(a.id, 2, `${term} joined`, "system");
    await write(a.id, 3, `${term} three`);
    await write(b.id, 1, `${term} other`);
    expect(await found(term)).toEqual([key(a.rowid, 1), key(a.rowid, 3), key(b.rowid, 1)]);

    const edited = word();
    await env.DB.prepare("update chat_messages set content = ? where session_id = ? and seq = 3")
      .bind(edited, a.id)
      .run();
    expect(await found(edited)).toEqual([key(a.rowid, 3)]);
    expect(await found(term)).toEqual([key(a.rowid, 1), key(b.rowid, 1)]);

    await env.DB.prepare("delete from chat_messages where session_id = ? and seq = 1")
      .bind(a.id)
      .run();
    expect(await found(term)).toEqual([key(b.rowid, 1)]);

    await env.DB.prepare("delete from chat_sessions where id = ?").bind(a.id).run();
    expect(await found(edited)).toEqual([]);
    expect(await found(term)).toEqual([key(b.rowid, 1)]);
  });

  it("leaves out the greeting (the service's own first line, alike in every session), not what follows", async () => {
    const term = word();
    const a = await session();
    await write(a.id, 1, `${term} how may I help you?`, "service_agent");
    // An agent's line without an author (open mode) after it is the conversation: it is found.
    await write(a.id, 2, `${term} again`, "service_agent");
    expect(await found(term)).toEqual([key(a.rowid, 2)]);
  });

  it("leaves out a message whose seq does not fit in its 24 bits", async () => {
    const term = word();
    const [a, b] = [await session(), await session()];
    await write(a.id, 2 ** SEQ_BITS - 1, term);
    await write(a.id, 2 ** SEQ_BITS, term);
    await write(b.id, 1, term);
    expect(await found(term)).toEqual([key(a.rowid, 2 ** SEQ_BITS - 1), key(b.rowid, 1)]);
  });
});
