// Every request logs one structured JSON line.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { env } from "./helpers";

afterEach(() => vi.restoreAllMocks());

describe("request log", () => {
  it("writes one JSON line per request: method, path, status, duration, request id", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
    const app = createApp({ config: parseConfig(env), db: env.DB });

    const response = await app.request(`/sessions/${crypto.randomUUID()}`, {}, env);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toEqual({
      level: "info",
      message: "request",
      method: "GET",
      path: expect.stringMatching(/^\/sessions\//),
      status: 404,
      duration_ms: expect.any(Number),
      request_id: response.headers.get("x-request-id"),
    });
  });

  it("stays quiet below LOG_LEVEL", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const app = createApp({ config: parseConfig({ ...env, LOG_LEVEL: "warn" }), db: env.DB });
    expect((await app.request("/health", {}, env)).status).toBe(200);
    expect(log).not.toHaveBeenCalled();
  });
});
