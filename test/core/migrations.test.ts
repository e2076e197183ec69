// Migrations never lose what clients were told is stored: a database written under the earlier
// schema keeps every session, message and participant through the later migrations, and its
// sessions keep their status (0003 renames the old status column aside instead of rebuilding
// chat_sessions, which on D1 would cascade-delete every message).
import { applyD1Migrations } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { env } from "../helpers";

describe("upgrading a database that holds chats", () => {
  it("keeps every session, message and participant, and each session's status", async () => {
    const db = env.UPGRADE_DB;
    const before = env.TEST_MIGRATIONS.filter((m) => m.name < "0003");
    expect(before.length).toBeGreaterThan(0);
    await applyD1Migrations(db, before);

    const statuses = ["open", "assigned", "resolved"];
    await db.batch(
      statuses.flatMap((status, i) => [
        db
          .prepare(
            "insert into chat_sessions (id, created_at, updated_at, last_seq, status, priority) values (?, ?, ?, 2, ?, 'normal')",
          )
          .bind(`s-${i}`, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", status),
        db
          .prepare(
            "insert into chat_messages (id, session_id, seq, timestamp, content, author_type) values (?, ?, 1, '2026-01-01T00:00:00.000Z', 'hello', 'service_agent'), (?, ?, 2, '2026-01-01T00:00:01.000Z', 'help me', 'customer')",
          )
          .bind(`m-${i}-1`, `s-${i}`, `m-${i}-2`, `s-${i}`),
        db
          .prepare(
            "insert into session_participants (session_id, participant_id, role, joined_at) values (?, 'c', 'customer', '2026-01-01T00:00:00.000Z')",
          )
          .bind(`s-${i}`),
      ]),
    );

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const count = async (table: string) =>
      (await db.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())?.n;
    expect(await count("chat_sessions")).toBe(3);
    expect(await count("chat_messages")).toBe(6);
    expect(await count("session_participants")).toBe(3);
    const { results } = await db
      .prepare("select id, status from chat_sessions order by id")
      .all<{ id: string; status: string }>();
    expect(results.map((r) => r.status)).toEqual(statuses);
    // The new status admits the bot, and messages may now come from it.
    await db.prepare("update chat_sessions set status = 'bot' where id = 's-0'").run();
    await db
      .prepare(
        "insert into chat_messages (id, session_id, seq, timestamp, content, author_type, sources) values ('m-bot', 's-0', 3, '2026-01-01T00:00:02.000Z', 'answer', 'bot', '[]')",
      )
      .run();
    expect(await count("chat_messages")).toBe(7);
    // The search index holds the messages stored before it (and the bot's, by its trigger).
    const searchable = async (word: string) =>
      (
        await db
          .prepare("select count(*) as n from chat_messages_fts where chat_messages_fts match ?")
          .bind(word)
          .first<{ n: number }>()
      )?.n;
    expect(await searchable("help")).toBe(3);
    expect(await searchable("answer")).toBe(1);
    // Deleting a session still takes its messages with it (the foreign key survived the rebuild),
    // and their entries in the search index.
    await db.prepare("delete from chat_sessions where id = 's-2'").run();
    expect(await count("chat_messages")).toBe(5);
    expect(await searchable("help")).toBe(2);
    // Participants are keyed by (session_id, participant_id) WITHOUT ROWID (0017), every row kept,
    // the key still unique and the cascade still there.
    const participants = await db
      .prepare("select session_id, participant_id, role from session_participants order by 1")
      .all();
    expect(participants.results).toEqual([
      { session_id: "s-0", participant_id: "c", role: "customer" },
      { session_id: "s-1", participant_id: "c", role: "customer" },
    ]);
    const table = await db
      .prepare(
        "select sql from sqlite_master where type = 'table' and name = 'session_participants'",
      )
      .first<{ sql: string }>();
    expect(table?.sql).toMatch(/WITHOUT ROWID\s*$/);
    const join = db.prepare(
      "insert into session_participants (session_id, participant_id, role, joined_at) values ('s-0', 'c', 'customer', '2026-01-02T00:00:00.000Z')",
    );
    await expect(join.run()).rejects.toThrow(/UNIQUE/);
  });
});

describe("keying messages by (session_id, seq)", () => {
  it("keeps every message, its id and client_message_id, and still refuses a duplicate", async () => {
    const db = env.KEYED_UPGRADE_DB;
    await applyD1Migrations(
      db,
      env.TEST_MIGRATIONS.filter((m) => m.name < "0013"),
    );
    const at = "2026-01-01T00:00:00.000Z";
    await db.batch([
      db
        .prepare(
          "insert into chat_sessions (id, created_at, updated_at, last_seq, status, customer_id) values ('k-1', ?, ?, 3, 'queued', 'c')",
        )
        .bind(at, at),
      db
        .prepare(
          "insert into chat_messages (id, session_id, seq, timestamp, content, author_type, client_message_id) values ('m-1', 'k-1', 1, ?, 'hello', 'service_agent', null), ('m-2', 'k-1', 2, ?, 'help', 'customer', 'c-1'), ('m-3', 'k-1', 3, ?, 'again', 'customer', null)",
        )
        .bind(at, at, at),
    ]);

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const { results } = await db
      .prepare(
        "select id, seq, client_message_id from chat_messages where session_id = 'k-1' order by seq",
      )
      .all();
    expect(results).toEqual([
      { id: "m-1", seq: 1, client_message_id: null },
      { id: "m-2", seq: 2, client_message_id: "c-1" },
      { id: "m-3", seq: 3, client_message_id: null },
    ]);
    const table = await db
      .prepare("select sql from sqlite_master where type = 'table' and name = 'chat_messages'")
      .first<{ sql: string }>();
    expect(table?.sql).toMatch(/WITHOUT ROWID\s*$/);
    const insert = (seq: number, clientId: string | null) =>
      db
        .prepare(
          "insert into chat_messages (id, session_id, seq, timestamp, content, author_type, client_message_id) values (?, 'k-1', ?, ?, 'x', 'customer', ?)",
        )
        .bind(crypto.randomUUID(), seq, at, clientId)
        .run();
    await expect(insert(3, null)).rejects.toThrow(/UNIQUE/);
    await expect(insert(4, "c-1")).rejects.toThrow(/UNIQUE/);
    // Many messages without a client id share the index's absence of an entry.
    await insert(4, null);
    await insert(5, null);
    // The foreign key still cascades.
    await db.prepare("delete from chat_sessions where id = 'k-1'").run();
    expect(
      await db
        .prepare("select count(*) as n from chat_messages where session_id = 'k-1'")
        .first("n"),
    ).toBe(0);
  });
});

describe("one queue index, and the greeting out of the search index (0019)", () => {
  it("keeps every session, message and participant, indexes the waiting ones and every message but the greetings", async () => {
    const db = env.QUEUE_UPGRADE_DB;
    await applyD1Migrations(
      db,
      env.TEST_MIGRATIONS.filter((m) => m.name < "0019"),
    );
    const at = "2026-01-01T00:00:00.000Z";
    const sessions = [
      ["q-bot", "bot", null],
      ["q-open", "open", "billing"],
      ["q-open-none", "open", null],
      ["q-assigned", "assigned", "billing"],
      ["q-resolved", "resolved", null],
    ] as const;
    await db.batch(
      sessions.flatMap(([id, status, team]) => [
        db
          .prepare(
            "insert into chat_sessions (id, created_at, updated_at, last_seq, status, team_id, customer_id) values (?, ?, ?, 3, ?, ?, 'c')",
          )
          .bind(id, at, at, status, team),
        db
          .prepare(
            "insert into chat_messages (id, session_id, seq, timestamp, content, author_type, author_id) values (?, ?, 1, ?, 'Hello, how may I help you?', 'service_agent', null), (?, ?, 2, ?, 'my parcel is lost', 'customer', 'c'), (?, ?, 3, ?, 'Alice joined', 'system', null)",
          )
          .bind(`${id}-1`, id, at, `${id}-2`, id, at, `${id}-3`, id, at),
        db
          .prepare(
            "insert into session_participants (session_id, participant_id, role, joined_at) values (?, 'c', 'customer', ?)",
          )
          .bind(id, at),
      ]),
    );
    const snapshot = async () =>
      Promise.all(
        ["chat_sessions", "chat_messages", "session_participants"].map(
          async (table) => (await db.prepare(`select * from ${table} order by 1, 2`).all()).results,
        ),
      );
    const before = await snapshot();
    expect(before.map((rows) => rows.length)).toEqual([5, 15, 5]);

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    expect(await snapshot()).toEqual(before);
    // The one queue index holds the waiting sessions, by team, and nothing else.
    const waiting = await db
      .prepare(
        "select id from chat_sessions indexed by chat_sessions_waiting_idx where status = 'open' order by id",
      )
      .all<{ id: string }>();
    expect(waiting.results.map((row) => row.id)).toEqual(["q-open", "q-open-none"]);
    const indexes = await db
      .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'chat_sessions'")
      .all<{ name: string }>();
    const names = indexes.results.map((row) => row.name);
    expect(names).toContain("chat_sessions_waiting_idx");
    expect(names).not.toContain("chat_sessions_queue_idx");
    expect(names).not.toContain("chat_sessions_team_queue_idx");
    expect(names).not.toContain("chat_sessions_transition_idx");
    const participantIndexes = await db
      .prepare(
        "select name from sqlite_master where type = 'index' and tbl_name = 'session_participants'",
      )
      .all<{ name: string }>();
    // Only the key (WITHOUT ROWID: the table is its key's b-tree, no index of its own).
    expect(participantIndexes.results).toEqual([]);
    // The customers' messages are still found; the greetings no longer; system messages never were.
    const found = async (words: string) =>
      (
        await db
          .prepare("select count(*) as n from chat_messages_fts where chat_messages_fts match ?")
          .bind(words)
          .first<{ n: number }>()
      )?.n;
    expect(await found("parcel")).toBe(5);
    expect(await found("help")).toBe(0);
    expect(await found("joined")).toBe(0);
    const indexed = await db.prepare("select count(*) as n from chat_messages_fts").first("n");
    expect(indexed).toBe(5);
    // A new session's greeting stays out; its other messages go in, and leave with it.
    await db.batch([
      db
        .prepare(
          "insert into chat_sessions (id, created_at, updated_at, last_seq, status) values ('q-new', ?, ?, 2, 'open')",
        )
        .bind(at, at),
      db
        .prepare(
          "insert into chat_messages (id, session_id, seq, timestamp, content, author_type) values ('q-new-1', 'q-new', 1, ?, 'Hello, how may I help you?', 'service_agent'), ('q-new-2', 'q-new', 2, ?, 'help with my parcel', 'customer')",
        )
        .bind(at, at),
    ]);
    expect(await found("help")).toBe(1);
    expect(await found("parcel")).toBe(6);
    await db.prepare("delete from chat_sessions where id = 'q-new'").run();
    expect(await found("help")).toBe(0);
    expect(await found("parcel")).toBe(5);
  });
});
