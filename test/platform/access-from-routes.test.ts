// Authentication follows each route's declared access (src/platform/http/define-route.ts): a route
// added anywhere, under a path nobody listed, knows its caller or refuses without a token.
import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { defineRoute, json } from "../../src/platform/http/define-route";
import { createRouter } from "../../src/platform/http/router";
import { agentToken, testApp } from "../helpers";

const Caller = z.object({ kind: z.string(), subject: z.string().nullable() });

function withNewRoutes() {
  const { app } = testApp();
  const route = (access: "token" | "optional-token", path: string) =>
    defineRoute({
      method: "get",
      path,
      operationId: `probe-${access}`,
      tags: ["health"],
      summary: "A route added after the fact",
      access,
      responses: { 200: json(Caller, "Who called.") },
    });
  const caller = (c: { var: { actor: { kind: string; subject?: string } } }) =>
    Caller.parse({ kind: c.var.actor.kind, subject: c.var.actor.subject ?? null });
  app.route(
    "/",
    createRouter()
      .openapi(route("token", "/a-path-nobody-listed"), (c) => c.json(caller(c), 200))
      .openapi(route("optional-token", "/another-new-path"), (c) => c.json(caller(c), 200)),
  );
  return (path: string, token?: string) =>
    app.request(path, token ? { headers: { Authorization: `Bearer ${token}` } } : {}, undefined);
}

describe("authentication from each route's declared access", () => {
  it("refuses a new token route without a token, and knows its caller with one", async () => {
    const request = withNewRoutes();
    const refused = await request("/a-path-nobody-listed");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
    const answered = await request("/a-path-nobody-listed", agentToken);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ kind: "user", subject: "agent-alice" });
    // A bad token is refused even where a token is optional.
    expect((await request("/another-new-path", "not.a.token")).status).toBe(401);
    expect(await (await request("/another-new-path")).json()).toEqual({
      kind: "anonymous",
      subject: null,
    });
  });
});
