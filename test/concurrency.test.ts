// Concurrent writers on one session: every acknowledged message is stored once, seq without gaps.
import { describe, expect, it } from "vitest";
import { call, createSession, type MessageBody, postJson, type SessionBody } from "./helpers";

describe("64 concurrent writers on one session", () => {
  it("are all acknowledged and all stored, with seq 1..65 contiguous and no duplicates", async () => {
    const { id } = await createSession();
    const writers = Array.from({ length: 64 }, (_, i) =>
      postJson(`/sessions/${id}/messages`, {
        author_type: i % 2 ? "service_agent" : "customer",
        content: `writer ${i}`,
      }),
    );
    const responses = await Promise.all(writers);
    expect(responses.map((r) => r.status)).toEqual(Array(64).fill(201));
    const acknowledged = await Promise.all(
      responses.map(async (r) => (await r.json<SessionBody>()).message as MessageBody),
    );
    expect(new Set(acknowledged.map((m) => m.seq)).size).toBe(64);

    const page = await (await call(`/sessions/${id}/messages?limit=500`)).json<{
      messages: MessageBody[];
    }>();
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    const contents = page.messages
      .slice(1)
      .map((m) => m.content)
      .sort();
    expect(contents).toEqual(Array.from({ length: 64 }, (_, i) => `writer ${i}`).sort());
    // What each writer was told is exactly what is stored.
    for (const message of acknowledged) {
      expect(page.messages[message.seq - 1]).toEqual(message);
    }
    expect((await (await call(`/sessions/${id}`)).json<SessionBody>()).last_seq).toBe(65);
  });
});
