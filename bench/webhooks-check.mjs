// A black-box check of webhooks against `wrangler dev` (its local queues deliver), measured. A local
// receiver verifies every try with the Standard Webhooks reference library and misbehaves: 500 to a
// third of first tries (some with Retry-After), a few hang past the timeout, and it is down for a
// while mid-run. An endpoint (every event, internal notes too) points at it while customers and
// agents work SESSIONS sessions, 16 at a time. Once the log shows nothing pending: every event the
// traffic made was recorded once and reached the receiver verified, nothing else came, one body per
// event id, each session's events in order, no 5xx, no error in the Worker's log. Then what an event
// costs: the rows its write records (against the same requests before the endpoint existed), and
// the consumer's D1 work and queue operations per delivered event.
// `npm run check:webhooks`; settings (env): CHECK_SESSIONS (100), CHECK_OUTAGE_MS (7000).
import { readFile } from "node:fs/promises";
import { checkLog, grouped } from "./check-log.mjs";
import { runMain, sleep } from "./dev.mjs";
import { filesClient } from "./files-client.mjs";
import { mintToken, recordPart } from "./setup.mjs";
import { startSignedIn } from "./signed-in.mjs";
import { envNumber, fmt, median, percentile, printTable } from "./stats.mjs";
import { batchLines, webhookCosts } from "./webhooks-cost.mjs";
import { drain, naiveLog, wholeLog } from "./webhooks-log.mjs";
import { startReceiver } from "./webhooks-receiver.mjs";
import { runDesk } from "./webhooks-traffic.mjs";
import { verdict } from "./webhooks-verdict.mjs";

const SESSIONS = envNumber("CHECK_SESSIONS", 100, { positive: true });
const OUTAGE_MS = envNumber("CHECK_OUTAGE_MS", 7_000);
const RETRY_SCHEDULE = "0,1,2,4,8,15,30";
const TIMEOUT_SECONDS = 3;
const HEALTHY_SESSIONS = envNumber("CHECK_HEALTHY_SESSIONS", 20, { positive: true });
const BASELINE_SESSIONS = 12;

await runMain("webhooks check", "support-chat-webhooks-", async (workDir) => {
  const started = performance.now();
  const receiver = await startReceiver();
  const { worker, secret } = await startSignedIn(workDir, "ours-webhooks", {
    vars: {
      WEBHOOK_ALLOW_HTTP: true,
      WEBHOOK_RETRY_SCHEDULE: RETRY_SCHEDULE,
      WEBHOOK_TIMEOUT_SECONDS: TIMEOUT_SECONDS,
    },
    logLevel: "log", // the request and "webhook batch" lines the costs come from
  });
  const client = filesClient(worker);
  const { call, expectThat, failures } = client;
  const admin = await mintToken(secret, { sub: "wh-ada", role: "admin", name: "Ada" });

  await baseline(client, secret);

  const created = await call("POST", "/webhooks/endpoints", {
    token: admin,
    json: { url: receiver.url, include_internal: true, description: "webhooks check" },
    kind: "endpoint",
  });
  if (created.status !== 201) {
    throw new Error(`POST /webhooks/endpoints: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const endpoint = created.body;
  receiver.useSecret(endpoint.secret);

  // The receiver goes down once a third of the events have reached it, and comes back.
  let outage = null;
  const watch = setInterval(() => {
    if (!outage && receiver.seen() >= SESSIONS * 3.5) outage = receiver.outage(OUTAGE_MS);
  }, 100);
  const trafficStarted = Date.now();
  const sessions = await runDesk(client, secret, SESSIONS);
  const trafficMs = Date.now() - trafficStarted;
  const drainMs = await drain(client, admin, endpoint.id);
  clearInterval(watch);
  await outage;
  expectThat(outage !== null, "the receiver never went down (too few events reached it)");

  // Then the same desk, smaller, with a receiver that answers every try: what an event costs
  // when nothing fails.
  await sleep(3_000); // the waits still queued for events delivered meanwhile
  const healthyFrom = (await readFile(worker.logPath, "utf8")).length;
  receiver.healthy = true;
  const healthyStarted = Date.now();
  const healthySessions = await runDesk(client, secret, HEALTHY_SESSIONS);
  const healthyTrafficMs = Date.now() - healthyStarted;
  const healthyDrainMs = await drain(client, admin, endpoint.id);
  for (const [id, session] of healthySessions) sessions.set(id, session);

  const deliveries = await wholeLog(call, admin, endpoint.id);
  const paged = await naiveLog(call, admin, endpoint.id);
  const skipped = deliveries.filter((d) => !paged.has(d.id));
  expectThat(
    skipped.length === 0,
    () =>
      `paging the delivery log by \`before\` (the last created_at, 100 a page) skipped ${skipped.length} of ${deliveries.length} deliveries, e.g. ${skipped
        .slice(0, 2)
        .map((d) => `${d.id} (created_at ${d.created_at})`)
        .join(", ")}`,
  );
  await receiver.stop();

  const { failures: wrong, figures } = verdict({
    requests: receiver.requests,
    deliveries,
    sessions,
    timeoutSeconds: TIMEOUT_SECONDS,
  });
  failures.push(...wrong);
  expectThat(figures.events >= 1_000, `only ${figures.events} events: the check asks for 1,000`);
  await sleep(1_000); // the last log lines follow their answers
  const log = await readFile(worker.logPath, "utf8");
  checkLog(log, client);
  for (const line of log
    .split("\n")
    .filter((l) => /"level":"warn".*webhook|out of tries/.test(l))) {
    failures.push(`the Worker logged: ${line.slice(0, 400)}`);
  }

  // Each stretch's own figures: its sessions' events, tries and the consumer's batches.
  const healthyIds = new Set(healthySessions.keys());
  const stretch = (name, inStretch, batches, trafficSeconds, drainSeconds) => {
    const own = deliveries.filter((d) => inStretch(d.session_id));
    const latencies = figures.delivered
      .filter((d) => inStretch(d.event.data.session_id ?? d.event.data.session?.id))
      .map((d) => d.at - Date.parse(d.event.timestamp))
      .toSorted((x, y) => x - y);
    return {
      name,
      events: own.length,
      attempts: own.reduce((total, d) => total + d.attempts, 0),
      batches,
      trafficSeconds,
      drainSeconds,
      latencyMs: { median: median(latencies), p95: percentile(latencies, 0.95) },
    };
  };
  const stretches = [
    stretch(
      "receiver failing",
      (id) => !healthyIds.has(id),
      batchLines(log.slice(0, healthyFrom)),
      trafficMs / 1000,
      drainMs / 1000,
    ),
    stretch(
      "receiver healthy",
      (id) => healthyIds.has(id),
      batchLines(log.slice(healthyFrom)),
      healthyTrafficMs / 1000,
      healthyDrainMs / 1000,
    ),
  ];
  const types = new Map();
  for (const d of deliveries) types.set(d.event_type, (types.get(d.event_type) ?? 0) + 1);
  const [down] = receiver.outages;
  console.log(
    `\nwebhooks check: ${SESSIONS} + ${HEALTHY_SESSIONS} sessions, ${client.requests.length} requests (median ${fmt(median(client.requests.map((r) => r.ms)), 0)} ms); ${figures.events} events (${[...types].map(([t, n]) => `${n} ${t}`).join(", ")})`,
  );
  printTable(
    ["delivery", "figure"],
    [
      ["events recorded / made by the traffic", `${figures.events} / ${figures.expected}`],
      ["tries that reached the receiver", figures.tries],
      [
        "first tries answered 500 / 500 with Retry-After / hung",
        `${figures.firstAnswers["500"] ?? 0} / ${figures.firstAnswers["500 retry-after"] ?? 0} / ${figures.firstAnswers.hang ?? 0}`,
      ],
      [
        "receiver down (connection refused)",
        down ? `${fmt((down.to - down.from) / 1000, 1)} s` : "never",
      ],
      ["tries in the log (those refused included)", figures.attempts],
      ["retries that reached the receiver", figures.retries],
      ["events delivered twice (2xx twice, same id and body)", figures.duplicates],
    ],
  );
  console.log("");
  printTable(
    ["stretch", "events", "traffic", "drain after it", "event → delivered: median", "p95"],
    stretches.map((s) => [
      s.name,
      s.events,
      `${fmt(s.trafficSeconds, 1)} s`,
      `${fmt(s.drainSeconds, 1)} s`,
      `${fmt(s.latencyMs.median / 1000, 2)} s`,
      `${fmt(s.latencyMs.p95 / 1000, 2)} s`,
    ]),
  );
  const costs = webhookCosts(log, client.requests, stretches);
  await recordPart("webhooks", {
    sessions: [SESSIONS, HEALTHY_SESSIONS],
    retrySchedule: RETRY_SCHEDULE,
    timeoutSeconds: TIMEOUT_SECONDS,
    ...Object.fromEntries(Object.entries(figures).filter(([key]) => key !== "delivered")),
    outageSeconds: down ? (down.to - down.from) / 1000 : 0,
    stretches: stretches.map(({ batches, ...rest }) => ({ ...rest, batches: batches.length })),
    costs,
  });
  console.log(`\n${fmt((performance.now() - started) / 1000, 0)} s in all`);
  if (failures.length) throw new Error(`${failures.length} failed:\n${grouped(failures)}`);
  console.log(
    "\nwebhooks check: every event the traffic made delivered, verified, once per id and body, in order per session; nothing answered 5xx",
  );
});

/** Sessions with three customer messages each, resolved, before any endpoint exists. */
async function baseline(client, secret) {
  const supervisor = await mintToken(secret, { sub: "wh-base", role: "supervisor", name: "Bo" });
  await Promise.all(
    Array.from({ length: BASELINE_SESSIONS }, async (_, i) => {
      const start = await client.call("POST", "/sessions", { json: {}, kind: "baseline start" });
      const { id, customer_token } = start.body;
      for (let m = 0; m < 3; m++) {
        await client.call("POST", `/sessions/${id}/messages`, {
          token: customer_token.token,
          json: { content: `Baseline ${i}.${m}` },
          kind: m === 0 ? "baseline first message" : "baseline message",
        });
      }
      const done = await client.call("POST", `/sessions/${id}/resolve`, {
        token: supervisor,
        json: {},
        kind: "baseline resolve",
      });
      client.expectThat(done.status === 200, `baseline resolve: ${done.status}`);
    }),
  );
}
