// Fan-out is not on the answer's path: a POST answers as soon as D1 has the message; publishing to
// the session's room and the queue runs after the answer (the Worker's waitUntil), in the order the
// request asked for it, and a failing publish never fails the write.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Message } from "../../src/core/chat";
import { BASE, createSession, env, type SessionBody, testServices } from "../helpers";

describe("fan-out after the answer", () => {
  it("answers before the rooms are told, and tells them once the answer is out", async () => {
    const told: number[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = createApp(
      testServices({
        live: {
          publish: async (_: string, message: Message) => {
            await held; // a slow room
            told.push(message.seq);
          },
          watchDue: async () => {},
          end: async () => {},
        },
      }),
    );
    const { id, customer_token } = await createSession();
    const post = (content: string) => {
      const ctx = createExecutionContext();
      const answer = app.fetch(
        new Request(`${BASE}/sessions/${id}/messages`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${customer_token.token}`,
          },
          body: JSON.stringify({ content }),
        }),
        env,
        ctx,
      );
      return { answer, ctx };
    };
    const first = post("one");
    const response = await first.answer;
    // Answered while the room is still being told: the write is done, the fan-out is not.
    expect(response.status).toBe(201);
    expect((await response.json<SessionBody>()).message?.seq).toBe(2);
    expect(told).toEqual([]);
    release();
    await waitOnExecutionContext(first.ctx);
    expect(told).toEqual([2]);
  });
});
