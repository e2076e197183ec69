// Every request logs one structured JSON line.
import { afterEach, describe, expect, it, vi } from "vitest";
import { agentToken, testApp } from "../helpers";

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
      // Two D1 round trips (the session and its page; then, not found, the archive's mark),
      // nothing written, no room asked.
      d1_round_trips: 2,
      d1_rows_read: expect.any(Number),
      d1_rows_written: 0,
      d1_size_after: expect.any(Number),
      do_requests: 0,
    });
  });

  it("counts what a message costs: its write and, after the answer, its outbox entry's removal; one room and one queue request", async () => {
    const lines: string[] = [];
    const { request } = testApp();
    const created = await request("/sessions", { method: "POST" });
    const { id } = await created.json<{ id: string }>();
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
    const posted = await request(`/sessions/${id}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agentToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ content: "what does this cost?" }),
    });
    expect(posted.status).toBe(201);
    const entry = lines.map((line) => JSON.parse(line)).find((l) => l.message === "request");
    expect(entry).toMatchObject({ d1_round_trips: 2, do_requests: 2 });
    // The message, the session's seq, the agent's participation (and their indexes), the outbox
    // entry written with them and removed after the fan-out.
    expect(entry.d1_rows_written).toBeGreaterThanOrEqual(5);
    expect(entry.d1_rows_read).toBeGreaterThan(0);
  });

  it("stays quiet below LOG_LEVEL", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const { request } = testApp({ vars: { LOG_LEVEL: "warn" } });
    expect((await request("/health")).status).toBe(200);
    expect(log).not.toHaveBeenCalled();
  });
});
