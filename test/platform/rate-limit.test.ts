// Rate limits (Workers Rate Limiting bindings; this file runs as its own project, where both allow 3
// per 10 s): 429 past the limit, one limit per caller for messages whatever the transport, and back
// to normal after the window.
import { describe, expect, it } from "vitest";
import { call, createSession, postJson, type StartedSession } from "../helpers";
import { hasReady, openLive } from "../live-helpers";

const randomIp = () =>
  `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

/** A session started from its own address, so that starting it counts against no other test. */
const freshSession = () => createSession({ headers: { "CF-Connecting-IP": randomIp() } });

const sendRest = (session: StartedSession, content: string) =>
  postJson(`/sessions/${session.id}/messages`, { content });

describe("rate limits", () => {
  it("limit session creation per client address, and recover after the window", {
    timeout: 40_000,
  }, async () => {
    const ip = randomIp();
    const start = (address: string) =>
      call("/sessions", { method: "POST", token: null, headers: { "CF-Connecting-IP": address } });

    for (let i = 0; i < 3; i++) expect((await start(ip)).status).toBe(201);
    const limited = await start(ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("10");
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(await limited.json()).toMatchObject({ type: "/problems/rate-limited", status: 429 });

    // Another address is counted on its own.
    expect((await start(randomIp())).status).toBe(201);

    // After the window the address may start sessions again.
    let status = 429;
    for (let waited = 0; status === 429 && waited < 25; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = (await start(ip)).status;
    }
    expect(status).toBe(201);
  });

  it("limit the public sign-in and email-link exchanges per client address, with session starts", async () => {
    const ip = randomIp();
    const post = (path: string, body: unknown) =>
      call(path, {
        method: "POST",
        token: null,
        headers: { "CF-Connecting-IP": ip, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const identity = { identity_token: "not-a-signed-identity" };
    for (let i = 0; i < 3; i++)
      expect((await post("/identity/conversations", identity)).status).toBe(403);
    const limited = await post("/identity/conversations", identity);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ type: "/problems/rate-limited" });
    expect((await post("/email/open", { link: "guessing" })).status).toBe(429);
    expect((await post("/sessions", {})).status).toBe(429);
  });

  it("limit messages per token subject", async () => {
    const [a, b] = [await freshSession(), await freshSession()];
    for (let i = 0; i < 3; i++) expect((await sendRest(a, "spam?")).status).toBe(201);
    expect((await sendRest(a, "spam?")).status).toBe(429);
    expect((await sendRest(b, "fine")).status).toBe(201);
  });

  it("count uploads with the same caller's messages, and refuse past it before storing a byte", async () => {
    const session = await freshSession();
    const upload = () =>
      call(`/sessions/${session.id}/attachments?name=a.pdf`, {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: "%PDF-1.7\n%%EOF\n",
      });
    expect((await upload()).status).toBe(201);
    expect((await sendRest(session, "and a message")).status).toBe(201);
    expect((await upload()).status).toBe(201);
    const refused = await upload();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await sendRest(session, "over")).status).toBe(429);
  });

  it("count a socket's messages with the same caller's REST messages", async () => {
    const session = await freshSession();
    for (let i = 0; i < 3; i++) expect((await sendRest(session, `rest ${i}`)).status).toBe(201);
    const socket = await openLive(session.id);
    await socket.until(hasReady);
    socket.send({ type: "message", content: "over the socket", client_message_id: "s-1" });
    await socket.until((frames) => frames.some((f) => f.type === "error"));
    expect(socket.frames.find((f) => f.type === "error")).toEqual({
      type: "error",
      status: 429,
      problem_type: "/problems/rate-limited",
      detail: expect.any(String),
      client_message_id: "s-1",
    });
    // Nothing was stored: the greeting and the three REST messages.
    const stored = await (await call(`/sessions/${session.id}`)).json<StartedSession>();
    expect(stored.last_seq).toBe(4);
  });

  it("count REST messages after a socket's, for the same caller", async () => {
    const session = await freshSession();
    const socket = await openLive(session.id);
    await socket.until(hasReady);
    for (let i = 0; i < 3; i++) {
      socket.send({ type: "message", content: `socket ${i}`, client_message_id: `s-${i}` });
    }
    await socket.until((frames) => frames.filter((f) => f.type === "message").length === 4);
    const limited = await sendRest(session, "and one more over REST");
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ type: "/problems/rate-limited" });
  });
});
