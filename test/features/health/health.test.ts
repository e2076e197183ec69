import { describe, expect, it } from "vitest";
import { call, env, testApp } from "../../helpers";

describe("GET /health", () => {
  it("answers 200 when D1 answers a query", async () => {
    const response = await call("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers 503 problem when the database fails the query", async () => {
    // A real D1 database on which no migration ran: the health query fails against it.
    const { request } = testApp({ db: env.UNMIGRATED_DB });
    const response = await request("/health");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("1");
    const body = await response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ status: 503, type: "/problems/database-unavailable" });
    expect(JSON.stringify(body)).not.toMatch(/no such table|at .*\.ts/);
  });
});
