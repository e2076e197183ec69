// Headers set on an answer already made: in place where its headers can change, on a copy where
// they cannot (an answer passed through from a fetch or a redirect).
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { setAnswerHeader } from "../../src/platform/http/answer-header";

function appAnswering(answer: () => Response) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    setAnswerHeader(c, "Cache-Control", "no-store");
  });
  app.get("/", () => answer());
  return app;
}

describe("setAnswerHeader", () => {
  it("sets the header on the answer the handler made, keeping its status and body", async () => {
    const made = Response.json({ ok: true }, { status: 201 });
    const response = await appAnswering(() => made).request("/");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("copies an answer whose headers cannot change, and sets the header on the copy", async () => {
    const redirect = Response.redirect("https://example.com/next", 302);
    expect(() => redirect.headers.set("X-Probe", "1")).toThrow();
    const response = await appAnswering(() => redirect).request("/");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("https://example.com/next");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
