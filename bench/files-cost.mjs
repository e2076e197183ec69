// What each files operation cost, from the Worker's own log line per request (found by the
// X-Request-Id its answer carried): D1 round trips and rows, Durable Object requests, R2 operations
// (class A: writes and lists; class B: reads), and the Worker's time. Medians per operation.
import { requestLines } from "./cost.mjs";
import { median } from "./stats.mjs";

const FIELDS = {
  trips: "d1_round_trips",
  read: "d1_rows_read",
  written: "d1_rows_written",
  doRequests: "do_requests",
  r2A: "r2_class_a",
  r2B: "r2_class_b",
  workerMs: "duration_ms",
};

/**
 * Medians of the log lines of the requests of each of `kinds` (client.requests' kinds) that
 * answered `status`, read from `logText`. Throws when a request has no line: the figures would lie.
 */
export function fileCosts(logText, requests, kinds) {
  const lineOf = new Map(requestLines(logText).map((line) => [line.request_id, line]));
  return Object.entries(kinds).map(([name, { kind, status }]) => {
    const mine = requests.filter((r) => r.kind === kind && r.status === status && r.requestId);
    const lines = mine.map((r) => lineOf.get(r.requestId)).filter(Boolean);
    if (!mine.length || lines.length < mine.length) {
      throw new Error(`${name}: ${lines.length} log lines for ${mine.length} requests`);
    }
    const figures = Object.fromEntries(
      Object.entries(FIELDS).map(([key, field]) => [key, median(lines.map((l) => l[field] ?? 0))]),
    );
    return { name, n: lines.length, ...figures, clientMs: median(mine.map((r) => r.ms)) };
  });
}

/** The table's header and rows. */
export function costTable(costs) {
  return [
    [
      "operation",
      "n",
      "D1 trips",
      "rows read",
      "rows written",
      "DO req",
      "R2 A",
      "R2 B",
      "Worker ms",
    ],
    costs.map((c) => [
      c.name,
      c.n,
      c.trips,
      c.read,
      c.written,
      c.doRequests,
      c.r2A,
      c.r2B,
      Math.round(c.workerMs),
    ]),
  ];
}
