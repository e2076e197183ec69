// Every request logs one structured JSON line.
import { afterEach, describe, expect, it, vi } from "vitest";
import { agentToken, testApp } from "./helpers";

afterEach(() => vi.restoreAllMocks());

describe("request log", () => {
  it("writes one JSON line per request: method, path, status, duration, request id", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
    const { request } = testApp();

    const response = await request(`/sessions/${crypto.randomUUID()}`, {
      headers: { Authorization: `Bearer ${agentToken}` },
    });
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
    const { request } = testApp({ vars: { LOG_LEVEL: "warn" } });
    expect((await request("/health")).status).toBe(200);
    expect(log).not.toHaveBeenCalled();
  });
});
