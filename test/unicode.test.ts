// Text that is not well-formed Unicode (a lone UTF-16 surrogate) is refused with a 400 wherever text
// is accepted, over REST and over the socket, and nothing is stored: never altered into U+FFFD.
import { describe, expect, it } from "vitest";
import { act, agentToken, call, createSession, type SessionBody, supervisorToken } from "./helpers";
import { hasReady, openLive } from "./live-helpers";

const LONE = "\udc00"; // JSON.stringify sends it as the escape \udc00

/** Every operation that takes text, with the field that carries it. */
const FIELDS: [string, string, string, (id: string) => Record<string, unknown>][] = [
  ["content", "messages", "customer", () => ({ content: `hi ${LONE}` })],
  [
    "client_message_id",
    "messages",
    "customer",
    () => ({ content: "hi", client_message_id: `c-${LONE}` }),
  ],
  ["reason", "escalate", "agent", () => ({ reason: `upset ${LONE}` })],
  ["agent_id", "assign", "supervisor", () => ({ agent_id: `bob${LONE}` })],
  ["agent_name", "assign", "supervisor", () => ({ agent_id: "bob", agent_name: `B${LONE}` })],
];

describe("text that is not well-formed Unicode", () => {
  it.each(FIELDS)(
    "in %s (POST .../%s) is a 400 that stores nothing",
    async (field, path, who, body) => {
      const session = await createSession();
      const token =
        who === "customer"
          ? session.customer_token.token
          : who === "agent"
            ? agentToken
            : supervisorToken;
      const answer = await act(`/sessions/${session.id}/${path}`, token, body(session.id));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        type: "/problems/validation-error",
        errors: [
          { path: `body.${field}`, message: expect.stringContaining("well-formed Unicode") },
        ],
      });
      const stored = await (
        await call(`/sessions/${session.id}`, { token: agentToken })
      ).json<SessionBody>();
      expect(stored.last_seq).toBe(1);
    },
  );

  it("in a rating's comment is a 400", async () => {
    const session = await createSession();
    expect((await act(`/sessions/${session.id}/resolve`, agentToken, {})).status).toBe(200);
    const answer = await act(`/sessions/${session.id}/rating`, session.customer_token.token, {
      score: 5,
      comment: `great ${LONE}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ path: "body.comment" }] });
  });

  it("in a socket's message is an error frame, and nothing is stored", async () => {
    const session = await createSession();
    const socket = await openLive(session.id);
    await socket.until(hasReady);
    socket.send({ type: "message", content: `hi ${LONE}`, client_message_id: "u-1" });
    await socket.until((frames) => frames.some((f) => f.type === "error"));
    expect(socket.frames.find((f) => f.type === "error")).toMatchObject({
      status: 400,
      problem_type: "/problems/validation-error",
      detail: expect.stringContaining("well-formed Unicode"),
    });
    const stored = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(stored.last_seq).toBe(1);
  });

  it("is told apart from well-formed text beyond the BMP, which is stored as sent", async () => {
    const session = await createSession();
    const text = "ok 😀 \ud83d\ude00";
    const answer = await act(`/sessions/${session.id}/messages`, session.customer_token.token, {
      content: text,
    });
    expect(answer.status).toBe(201);
    expect((answer.body as unknown as SessionBody).message?.content).toBe(text);
  });
});

describe("text that shows nothing", () => {
  it("is a 400 where text is required (a message of zero-width characters), and nothing is stored", async () => {
    const session = await createSession();
    const customer = session.customer_token.token;
    const answer = await act(`/sessions/${session.id}/messages`, customer, {
      content: "\u200b\u2060\u200d",
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ path: "body.content" }] });
    const stored = await (
      await call(`/sessions/${session.id}`, { token: customer })
    ).json<SessionBody>();
    expect(stored.messages.map((m) => m.content)).not.toContain("\u200b\u2060\u200d");
    expect(stored.messages).toHaveLength(1);
    // A zero-width character among visible ones is text like any other.
    const kept = await act(`/sessions/${session.id}/messages`, customer, { content: "ok\u200b" });
    expect(kept.status).toBe(201);
  });
});
