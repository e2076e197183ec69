// `npm run load-model`: replays a day of a large support desk's traffic, hour by hour, against
// Cloudflare's published limits, using the cost of each operation measured by `npm run bench`
// (bench/results/latest.json, part "cost"; the figures below are used when it has none), and prints
// the headroom of each limit at 1x, 10x, 100x and 1,000x that desk. docs/scaling.md explains it.
// Settings (env): MODEL_SESSIONS_PER_DAY (20000), MODEL_MESSAGES_PER_SESSION (14),
// MODEL_READS_PER_SESSION (10), MODEL_AGENTS (200), MODEL_TEAMS (10), MODEL_RETENTION_DAYS (90),
// MODEL_BYTES_PER_MESSAGE, MODEL_BYTES_PER_SESSION (default: D1's growth per post and per create as
// the bench measured it; 700 and 1500 without a bench result).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fmt, printTable } from "./stats.mjs";

const ROOT = join(import.meta.dirname, "..");
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const desk = {
  sessionsPerDay: env("MODEL_SESSIONS_PER_DAY", 20_000),
  messagesPerSession: env("MODEL_MESSAGES_PER_SESSION", 14),
  readsPerSession: env("MODEL_READS_PER_SESSION", 10),
  agents: env("MODEL_AGENTS", 200),
  teams: env("MODEL_TEAMS", 10),
  retentionDays: env("MODEL_RETENTION_DAYS", 90),
  bytesPerMessage: env("MODEL_BYTES_PER_MESSAGE", 700),
  bytesPerSession: env("MODEL_BYTES_PER_SESSION", 1_500),
};

/** Measured by `npm run bench` on this machine (BENCH_ONLY=cost): medians per operation. */
const MEASURED = {
  create: { trips: 1, written: 18, doRequests: 1, cpuMs: 14 },
  post: { trips: 1, written: 8, doRequests: 2, cpuMs: 17.3 },
  read: { trips: 1, written: 0, doRequests: 0, cpuMs: 9.7 },
  claim: { trips: 1, written: 14, doRequests: 2, cpuMs: 11.7 },
  resolve: { trips: 2, written: 14, doRequests: 2, cpuMs: 16 },
  rate: { trips: 1, written: 1, doRequests: 1, cpuMs: 10.7 },
};

/** Cloudflare's published limits (D1, Durable Objects, Workers). */
const LIMITS = {
  // One database runs one query at a time: about 1,000 short (1 ms) queries a second.
  d1QueriesPerSecond: 1_000,
  d1Bytes: 10 * 1024 ** 3,
  // A single Durable Object: a soft limit of about 1,000 requests a second.
  doRequestsPerSecond: 1_000,
};

/** Share of a day's sessions in each hour (UTC): a working-day curve, peak 11:00-15:00. */
const HOURLY = [
  0.5, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 3, 5, 7, 8, 8.5, 8.5, 8, 7.5, 7, 6, 5, 4, 3, 2.5, 2, 1.3, 0.8,
];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);

async function measured() {
  try {
    const latest = JSON.parse(await readFile(join(ROOT, "bench/results/latest.json"), "utf8"));
    const found = Object.fromEntries(
      (latest.cost?.results ?? []).map((r) => [
        r.name,
        {
          trips: r.trips,
          written: r.written,
          doRequests: r.doRequests,
          cpuMs: r.cpuMs,
          bytes: r.bytes,
        },
      ]),
    );
    return { ...MEASURED, ...found, from: latest.cost ? "bench/results/latest.json" : "defaults" };
  } catch {
    return { ...MEASURED, from: "defaults" };
  }
}

/** The peak hour's load, per second, for a desk `scale` times this one. */
function peak(cost, scale) {
  const sessions = (desk.sessionsPerDay * scale * Math.max(...HOURLY)) / HOURLY_SUM / 3600;
  const ops = {
    create: sessions,
    post: sessions * desk.messagesPerSession,
    read: sessions * desk.readsPerSession,
    claim: sessions,
    resolve: sessions,
    rate: sessions * 0.3,
  };
  const total = (field) =>
    Object.entries(ops).reduce((sum, [name, perSecond]) => sum + perSecond * cost[name][field], 0);
  // Every write and decision goes to the primary; reads may go to replicas (read replication).
  const writes = Object.entries(ops)
    .filter(([name]) => name !== "read")
    .reduce((sum, [name, perSecond]) => sum + perSecond * cost[name].trips, 0);
  // The busiest room: one session's room hears its own messages; the busiest team's queue room
  // hears every change of that team (teams of equal size here).
  const queuePerSecond = (ops.create * 2 + ops.post + ops.claim + ops.resolve) / desk.teams;
  return {
    sessionsPerSecond: sessions,
    d1Primary: writes,
    d1All: total("trips"),
    rowsWrittenPerSecond: total("written"),
    queueRoom: queuePerSecond,
    cpuMsPerSecond: total("cpuMs"),
    requestsPerSecond: Object.values(ops).reduce((a, b) => a + b, 0),
  };
}

/** D1's size holding `retentionDays` of the desk: bytes per session and message as measured (else the settings). */
function storageBytes(cost, scale) {
  const sessionsKept = desk.sessionsPerDay * scale * desk.retentionDays;
  const perSession = process.env.MODEL_BYTES_PER_SESSION
    ? desk.bytesPerSession
    : cost.create.bytes || desk.bytesPerSession;
  const perMessage = process.env.MODEL_BYTES_PER_MESSAGE
    ? desk.bytesPerMessage
    : cost.post.bytes || desk.bytesPerMessage;
  return sessionsKept * (perSession + desk.messagesPerSession * perMessage);
}

const cost = await measured();
console.log(
  `A desk of ${desk.sessionsPerDay.toLocaleString()} sessions a day, ${desk.messagesPerSession} messages and ${desk.readsPerSession} reads each, ${desk.agents} agents in ${desk.teams} teams, ${desk.retentionDays} days kept in D1 (costs from ${cost.from}).`,
);
const rows = [1, 10, 100, 1000].map((scale) => {
  const p = peak(cost, scale);
  const bytes = storageBytes(cost, scale);
  const headroom = (limit, load) => (load > 0 ? limit / load : Number.POSITIVE_INFINITY);
  return {
    scale,
    p,
    bytes,
    d1: headroom(LIMITS.d1QueriesPerSecond, p.d1Primary),
    d1NoReplicas: headroom(LIMITS.d1QueriesPerSecond, p.d1All),
    size: headroom(LIMITS.d1Bytes, bytes),
    queue: headroom(LIMITS.doRequestsPerSecond, p.queueRoom),
  };
});
printTable(
  [
    "desk",
    "peak req/s",
    "D1 primary q/s",
    "headroom",
    "(no replicas)",
    "D1 size",
    "headroom",
    "team queue room req/s",
    "headroom",
    "Worker CPU s/s",
  ],
  rows.map((r) => [
    `${r.scale}x`,
    fmt(r.p.requestsPerSecond, 1),
    fmt(r.p.d1Primary, 1),
    `${fmt(r.d1, 1)}x`,
    `${fmt(r.d1NoReplicas, 1)}x`,
    `${fmt(r.bytes / 1024 ** 3, 2)} GB`,
    `${fmt(r.size, 1)}x`,
    fmt(r.p.queueRoom, 1),
    `${fmt(r.queue, 1)}x`,
    fmt(r.p.cpuMsPerSecond / 1000, 2),
  ]),
);
const first = rows.find((r) => Math.min(r.d1, r.size, r.queue) < 1);
if (first) {
  const limits = [
    ["the D1 primary's query rate", first.d1],
    ["D1's 10 GB", first.size],
    ["a team's queue room", first.queue],
  ].filter(([, headroom]) => headroom < 1);
  console.log(
    `\nFirst past a limit: at ${first.scale}x, ${limits.map(([name]) => name).join(" and ")}.`,
  );
}
console.log(
  "Headroom = limit / load in the peak hour (below 1x: past the limit). Worker CPU scales out across isolates and locations; it has no shared limit.",
);
