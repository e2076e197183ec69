// What D1 bills a write for: every row and every index entry it changes. Each request's log line
// carries the rows D1 said it wrote (src/platform/meter.ts), the outbox entry's removal after the
// answer included; these are the figures of the cost table in docs/benchmarks.md.
import { afterEach, describe, expect, it, vi } from "vitest";
import { mint, testApp } from "../helpers";

afterEach(() => vi.restoreAllMocks());

interface Cost {
  d1_round_trips: number;
  d1_rows_written: number;
  do_requests: number;
}

/** Runs `request`, answering its answer and its request log line (written after its fan-out). */
async function costOf(
  request: () => Promise<Response>,
): Promise<{ response: Response; cost: Cost }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
  const response = await request();
  log.mockRestore();
  const cost = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === "request");
  return { response, cost };
}

describe("rows written", () => {
  const { request } = testApp();
  const json = (token: string, body: unknown = {}) => ({
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

  it("a new session, a customer's messages (each with its search index row) and a claim write what they change and the indexes that find it, no more", async () => {
    const started = await costOf(() => request("/sessions", { method: "POST" }));
    expect(started.response.status).toBe(201);
    const session = await started.response.json<{
      id: string;
      customer_token: { token: string };
    }>();
    // The session (its row, its key, the waiting queue's index, its created_at and customer), its
    // greeting (not in the search index: the same text in every session), the outbox entry added
    // and removed. The customer takes part through the session's row: no participant row yet.
    expect(started.cost).toMatchObject({ d1_round_trips: 2, d1_rows_written: 8 });

    const customer = session.customer_token.token;
    for (const [content, id] of [
      ["first", null],
      ["second", "retry-1"],
    ] as const) {
      const body = { content, ...(id && { client_message_id: id }) };
      const posted = await costOf(() =>
        request(`/sessions/${session.id}/messages`, json(customer, body)),
      );
      expect(posted.response.status).toBe(201);
      // The message (its key is the row), its row in the search index, the session's seq, the
      // outbox entry added and removed; a client_message_id adds its own index entry.
      expect(posted.cost).toMatchObject({ d1_rows_written: id ? 6 : 5 });
    }

    const agent = await mint({ subject: "rows-agent", name: "Rows" });
    const claimed = await costOf(() => request("/queue/claim", json(agent)));
    expect(claimed.response.status).toBe(200);
    // The session (its row and the holder's index; leaving the waiting queue's index and the
    // transition's id, which has no index, cost nothing), its system message (not in the search
    // index), the agent's participation (one row), the outbox entry added and removed.
    expect(claimed.cost.d1_rows_written).toBe(6);
  });

  it("a transfer and a resolve are one round trip each, and the outbox entry's removal after", async () => {
    const started = await request("/sessions", { method: "POST" });
    const { id } = await started.json<{ id: string }>();
    const agent = await mint({ subject: "trips-agent", name: "Trips" });
    expect((await request(`/sessions/${id}/take`, json(agent))).status).toBe(200);
    // Who may transfer it and who held it are the batch's own guard and statement: no read first.
    const transferred = await costOf(() =>
      request(`/sessions/${id}/transfer`, json(agent, { agent_id: "trips-other" })),
    );
    expect(transferred.response.status).toBe(200);
    // The old holder leaves (their row), the system message, the session (row, holder's index),
    // the new holder joins (one row), the outbox.
    expect(transferred.cost).toMatchObject({
      d1_round_trips: 2,
      do_requests: 2,
      d1_rows_written: 7,
    });
    const supervisor = await mint({ subject: "trips-sam", role: "supervisor" });
    // The freed agent's teams with a session waiting are read in the batch: none, so no drain.
    const resolved = await costOf(() => request(`/sessions/${id}/resolve`, json(supervisor)));
    expect(resolved.response.status).toBe(200);
    // The session (row, resolved_at and holder's indexes), the system message, the holder leaves
    // (their row; a customer who never marked anything read has none), the outbox.
    expect(resolved.cost).toMatchObject({ d1_round_trips: 2, d1_rows_written: 7 });
  });
});
