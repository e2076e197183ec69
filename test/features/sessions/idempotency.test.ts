// Safe retries: a client_message_id stores a message once, however often it is sent.
import { describe, expect, it } from "vitest";
import {
  agentToken,
  call,
  createSession,
  env,
  mint,
  postJson,
  type SessionBody,
} from "../../helpers";

describe("client_message_id", () => {
  it("answers a retry with the message stored the first time, storing nothing new", async () => {
    const { id } = await createSession();
    const body = {
      author_type: "customer",
      content: "Where is my parcel?",
      client_message_id: "c-1",
    };

    const first = await postJson(`/sessions/${id}/messages`, body);
    expect(first.status).toBe(201);
    const stored = (await first.json<SessionBody>()).message;
    expect(stored).toMatchObject({ seq: 2, client_message_id: "c-1", content: body.content });

    const retry = await postJson(`/sessions/${id}/messages`, body);
    expect(retry.status).toBe(200);
    const replay = await retry.json<SessionBody>();
    expect(replay.message).toEqual(stored);
    expect(replay.last_seq).toBe(2);

    const session = await (await call(`/sessions/${id}`)).json<SessionBody>();
    expect(session.messages.map((m) => m.content)).toEqual([
      "Hello, how may I help you?",
      "Where is my parcel?",
    ]);
  });

  it("keeps seq contiguous when retries interleave with new messages", async () => {
    const { id } = await createSession();
    const send = (content: string, cid: string) =>
      postJson(`/sessions/${id}/messages`, {
        author_type: "customer",
        content,
        client_message_id: cid,
      });
    await send("a", "a");
    await send("a", "a");
    await send("b", "b");
    await send("a", "a");
    const session = await (await call(`/sessions/${id}`)).json<SessionBody>();
    expect(session.messages.map((m) => [m.seq, m.content])).toEqual([
      [1, "Hello, how may I help you?"],
      [2, "a"],
      [3, "b"],
    ]);
  });

  it("stores a message once when the same retry arrives many times at once", async () => {
    const { id } = await createSession();
    const body = { author_type: "customer", content: "double click", client_message_id: "dup" };
    const responses = await Promise.all(
      Array.from({ length: 16 }, () => postJson(`/sessions/${id}/messages`, body)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const messages = await Promise.all(
      responses.map(async (r) => (await r.json<SessionBody>()).message),
    );
    expect(new Set(messages.map((m) => m?.id)).size).toBe(1);
    const rows = await env.DB.prepare(
      "select count(*) as n from chat_messages where session_id = ?",
    )
      .bind(id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(2);
  });

  it("refuses to reuse an id for a different message with 409, storing nothing", async () => {
    const { id } = await createSession();
    await postJson(`/sessions/${id}/messages`, {
      author_type: "customer",
      content: "one",
      client_message_id: "x",
    });
    const clash = await postJson(`/sessions/${id}/messages`, {
      author_type: "customer",
      content: "two",
      client_message_id: "x",
    });
    expect(clash.status).toBe(409);
    expect(clash.headers.get("content-type")).toBe("application/problem+json");
    expect((await (await call(`/sessions/${id}`)).json<SessionBody>()).last_seq).toBe(2);
  });

  it("refuses another writer's id with 409: a colleague's note is not a retry of ours", async () => {
    const { id } = await createSession();
    const note = {
      content: "Refund approved",
      client_message_id: "note-1",
      visibility: "internal",
    };
    const alice = await postJson(`/sessions/${id}/messages`, note, { token: agentToken });
    expect(alice.status).toBe(201);
    const bob = await mint({ subject: "agent-bob", name: "Bob" });
    const clash = await postJson(`/sessions/${id}/messages`, note, { token: bob });
    expect(clash.status).toBe(409);
    expect(clash.headers.get("content-type")).toBe("application/problem+json");
    // Alice's own retry is still one.
    expect((await postJson(`/sessions/${id}/messages`, note, { token: agentToken })).status).toBe(
      200,
    );
    const session = await (
      await call(`/sessions/${id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(session.last_seq).toBe(2);
    expect(session.messages.at(-1)).toMatchObject({
      content: "Refund approved",
      author_name: "Alice",
    });
  });

  it("is scoped to its session: the same id in two sessions stores two messages", async () => {
    const [a, b] = await Promise.all([createSession(), createSession()]);
    const body = { author_type: "customer", content: "same", client_message_id: "shared" };
    expect((await postJson(`/sessions/${a.id}/messages`, body)).status).toBe(201);
    expect((await postJson(`/sessions/${b.id}/messages`, body)).status).toBe(201);
  });
});
