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
    // Deleting a session still takes its messages with it (the foreign key survived the rebuild).
    await db.prepare("delete from chat_sessions where id = 's-2'").run();
    expect(await count("chat_messages")).toBe(5);
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
