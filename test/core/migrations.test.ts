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
  });
});
