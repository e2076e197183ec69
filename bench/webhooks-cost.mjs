// What a webhook event costs, from the Worker's log: the rows a write records for it (a request's
// line with an endpoint against the same request without one), and what delivering it takes (the
// queue consumer's "webhook batch" lines: D1 round trips and rows), and the queue operations (each
// message written, read and deleted once: the first send, each retry's, each wait's re-enqueue).
import { PRICES } from "./cost.mjs";
import { fileCosts } from "./files-cost.mjs";
import { fmt, printTable, sum } from "./stats.mjs";

/** Cloudflare Queues' list price per operation (a write, read or delete of up to 64 KB). */
const QUEUE_OPERATION = 0.4 / 1e6;

/** The request kinds measured without an endpoint and with one, by their name in the table. */
const PAIRS = {
  "session start": ["baseline start", "start"],
  "customer message (not the first)": ["baseline message", "customer message"],
};

/** The "webhook batch" lines of the Worker's log. */
export function batchLines(text) {
  return text
    .split("\n")
    .filter((line) => line.includes('"message":"webhook batch"'))
    .map((line) => JSON.parse(line.slice(line.indexOf("{"))));
}

/**
 * Measures and prints. `phases`: [{name, batches ("webhook batch" lines), events, attempts}], each
 * a stretch of traffic whose events all were delivered within it. Answers the figures to record.
 */
export function webhookCosts(log, requests, phases) {
  const kinds = {};
  for (const [name, [without, withEndpoint]] of Object.entries(PAIRS)) {
    kinds[`${name}, no endpoint`] = { kind: without, status: 201 };
    kinds[`${name}, one endpoint`] = { kind: withEndpoint, status: 201 };
  }
  const byName = new Map(fileCosts(log, requests, kinds).map((c) => [c.name, c]));
  const writes = Object.keys(PAIRS).map((name) => {
    const [without, withOne] = [
      byName.get(`${name}, no endpoint`),
      byName.get(`${name}, one endpoint`),
    ];
    const pair = (field) => [without[field], withOne[field]];
    return {
      name,
      n: pair("n"),
      trips: pair("trips"),
      read: pair("read"),
      written: pair("written"),
    };
  });
  const [rowsWithout, rowsWith] = writes.find((w) => w.name.startsWith("customer")).written;
  const recordWritten = rowsWith - rowsWithout;

  const deliveries = phases.map(({ name, batches, events, attempts }) => {
    const messages = sum(batches.map((b) => b.messages));
    const perEvent = (field) => sum(batches.map((b) => b[field])) / events;
    const figures = {
      name,
      events,
      batches: batches.length,
      messages: messages / events,
      retries: (attempts - events) / events,
      waits: (messages - attempts) / events,
      queueOperations: (3 * messages) / events,
      trips: perEvent("d1_round_trips"),
      read: perEvent("d1_rows_read"),
      written: perEvent("d1_rows_written"),
    };
    const dollars =
      figures.queueOperations * QUEUE_OPERATION +
      (figures.written + recordWritten) * PRICES.d1RowWritten +
      figures.read * PRICES.d1RowRead;
    return { ...figures, dollarsPerMillion: dollars * 1e6 };
  });

  console.log(
    "\nA write's cost without an endpoint → with one (medians of its requests' log lines)",
  );
  printTable(
    ["request", "n", "D1 trips", "rows read", "rows written"],
    writes.map((w) => [
      w.name,
      w.n.join(" / "),
      ...["trips", "read", "written"].map((f) => w[f].join(" → ")),
    ]),
  );
  console.log(
    "\nWhat delivering an event costs (per delivered event; retries and waits re-enqueue)",
  );
  const row = (label, value) => [label, ...deliveries.map(value)];
  printTable(
    ["per delivered event", ...deliveries.map((d) => `${d.name} (${d.events} events)`)],
    [
      row("rows written when its write records it", () => fmt(recordWritten, 0)),
      row(
        "queue messages: 1 + retries + waits",
        (d) => `${fmt(d.messages, 2)} = 1 + ${fmt(d.retries, 2)} + ${fmt(d.waits, 2)}`,
      ),
      row("queue operations (write, read, delete)", (d) => fmt(d.queueOperations, 2)),
      row("consumer D1 round trips", (d) => fmt(d.trips, 2)),
      row("consumer D1 rows read", (d) => fmt(d.read, 2)),
      row("consumer D1 rows written", (d) => fmt(d.written, 2)),
      row("$ per million (queue ops, D1 rows)", (d) => `$${fmt(d.dollarsPerMillion, 2)}`),
    ],
  );
  return { writes, recordWritten, deliveries };
}
