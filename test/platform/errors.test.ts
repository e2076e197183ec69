// Every error is problem JSON with the original status codes, and a refused request changes nothing.
import { describe, expect, it } from "vitest";
import { call, config, createSession, postJson, type SessionBody } from "../helpers";

const MAX = config.maxMessageLength;

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json<Record<string, unknown>>();
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(typeof body.type).toBe("string");
  expect(JSON.stringify(body)).not.toMatch(/\bat .*:\d+:\d+|node_modules|src\//);
  return body;
}

async function messageCount(sessionId: string) {
  const session = await (await call(`/sessions/${sessionId}`)).json<SessionBody>();
  return session.last_seq;
}

describe("a bad message body", () => {
  const bad: [string, unknown][] = [
    ["an unknown author_type", { author_type: "robot", content: "hi" }],
    ["no content", { author_type: "customer" }],
    ["content that is not a string", { author_type: "customer", content: 42 }],
    ["empty content", { author_type: "customer", content: "" }],
    ["white-space content", { author_type: "customer", content: " \n\t " }],
    ["content over MAX_MESSAGE_LENGTH", { author_type: "customer", content: "x".repeat(MAX + 1) }],
    [
      "an empty client_message_id",
      { author_type: "customer", content: "hi", client_message_id: "" },
    ],
    ["a JSON array", [{ author_type: "customer", content: "hi" }]],
    ["JSON null", null],
  ];

  it.each(bad)("with %s is 400 and stores nothing", async (_, body) => {
    const { id } = await createSession();
    const problem = await expectProblem(await postJson(`/sessions/${id}/messages`, body), 400);
    expect(problem.type).toBe("/problems/validation-error");
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: expect.stringMatching(/^body/),
          message: expect.any(String),
        }),
      ]),
    );
    expect(await messageCount(id)).toBe(1);
  });

  it("is checked before the session lookup (400, not 404, for an unknown session)", async () => {
    const response = await postJson(`/sessions/${crypto.randomUUID()}/messages`, {
      author_type: "customer",
      content: "   ",
    });
    await expectProblem(response, 400);
  });

  it("names each invalid field", async () => {
    const { id } = await createSession();
    const problem = await expectProblem(
      await postJson(`/sessions/${id}/messages`, { author_type: "robot", content: " " }),
      400,
    );
    const paths = (problem.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["body.author_type", "body.content"]);
  });

  it("that is not JSON is 400", async () => {
    const { id } = await createSession();
    const response = await call(`/sessions/${id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"author_type": "customer", "content": ',
    });
    await expectProblem(response, 400);
    expect(await messageCount(id)).toBe(1);
  });

  it("sent as another media type is 415", async () => {
    const { id } = await createSession();
    const response = await call(`/sessions/${id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ author_type: "customer", content: "hi" }),
    });
    await expectProblem(response, 415);
    expect(await messageCount(id)).toBe(1);
  });

  it("over MAX_BODY_BYTES is refused with 413 before it is parsed", async () => {
    const { id } = await createSession();
    const huge = `{"author_type":"customer","content":"${"x".repeat(config.maxBodyBytes)}"}`;
    const refused = await call(`/sessions/${id}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: huge,
    });
    expect((await refused.clone().json<{ max_bytes: number }>()).max_bytes).toBe(
      config.maxBodyBytes,
    );
    await expectProblem(refused, 413);
    // Also when the size is not announced: a streamed body without Content-Length.
    const stream = new Blob([huge]).stream();
    await expectProblem(
      await call(`/sessions/${id}/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: stream,
        // @ts-expect-error workerd needs duplex for a streamed request body.
        duplex: "half",
      }),
      413,
    );
    expect(await messageCount(id)).toBe(1);
  });
});

describe("content limits", () => {
  it("accepts exactly MAX_MESSAGE_LENGTH characters, counting an emoji as one", async () => {
    const { id } = await createSession();
    const content = "😀".repeat(MAX); // 2 UTF-16 units each, 1 character each
    const response = await postJson(`/sessions/${id}/messages`, {
      author_type: "customer",
      content,
    });
    expect(response.status).toBe(201);
    expect((await response.json<SessionBody>()).message?.content).toBe(content);
  });

  it("keeps content exactly as sent, surrounding white space and Unicode included", async () => {
    const { id } = await createSession();
    const content = "  Grüße 👋\n<b>not html</b> \u0000 ";
    const body = await (
      await postJson(`/sessions/${id}/messages`, { author_type: "customer", content })
    ).json<SessionBody>();
    expect(body.message?.content).toBe(content);
    const read = await (await call(`/sessions/${id}`)).json<SessionBody>();
    expect(read.messages.at(-1)?.content).toBe(content);
  });
});

describe("routing errors", () => {
  it("answers an unknown route with a 404 problem", async () => {
    const body = await expectProblem(await call("/nope"), 404);
    expect(body.detail).toContain("/nope");
  });

  it.each([
    ["DELETE", "/sessions", "POST, GET, HEAD"],
    ["PUT", "/sessions/3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90", "GET, HEAD"],
    ["PATCH", "/sessions/3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90/messages", "POST, GET, HEAD"],
    ["POST", "/health", "GET, HEAD"],
  ])("answers %s %s with 405 and Allow: %s", async (method, path, allow) => {
    const response = await call(path, { method });
    await expectProblem(response, 405);
    expect(response.headers.get("allow")?.split(", ").sort()).toEqual(allow.split(", ").sort());
  });
});

describe("every response", () => {
  it("carries X-Request-Id, and keeps a well-formed one the client sent", async () => {
    for (const path of ["/health", "/nope", `/sessions/${crypto.randomUUID()}`]) {
      expect((await call(path)).headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    }
    const echoed = await call("/health", { headers: { "X-Request-Id": "trace-abc-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-abc-123");
  });

  it("answers CORS preflights for the configured origins", async () => {
    const response = await call("/sessions", {
      method: "OPTIONS",
      headers: {
        Origin: "https://widget.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });
});
