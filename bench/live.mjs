// Live fan-out benchmark: WebSocket listeners on GET /sessions/{id}/live while messages are POSTed over
// REST, against a fresh Worker of ours started like bench/run.mjs starts it (the bundle of
// `wrangler deploy --dry-run`, the bench copy of wrangler.toml with the rate limits raised, a fresh
// signing key, LOG_LEVEL warn, a fresh local D1 with the migrations applied).
//
// Run by `npm run bench` after the HTTP scenarios (BENCH_ONLY=live runs it alone), or by itself:
// `npx node bench/live.mjs` (Node 22: its global WebSocket client).
//
// Scenarios: one session with 100 listeners and 1,000 messages from 4 concurrent posters; 100 sessions
// with 5 listeners each and 20 messages per session, posted round-robin across the sessions by 8
// concurrent posters. Every listener connects with after_seq = the session's last seq and waits for its
// `ready` frame before anything is posted. In each session the first listener and every fourth poster
// use the session's customer token (from POST /sessions); the others are service agents (minted here).
// Latency: from just before a POST is sent to the frame's arrival at a listener, matched by
// client_message_id; the POST answer's page is limited to one message (?limit=1), since a client that
// follows live does not need it.
// Correctness (a failure exits non-zero): every listener gets every posted message exactly once
// (delivered/expected counts each (listener, seq) once, = 1), no duplicate, no seq lower than the last
// one on that socket, no gap (a posted seq missing below one the socket received), no errors.
// Settings (env): BENCH_LIVE_TIMEOUT seconds per scenario from the first POST until every frame is in
// (120), BENCH_LIVE_SCALE (1: multiplies the message counts), BENCH_DESK_ONLY=true (only the agents'
// live queue scenario of bench/desk.mjs, which runs after these).
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runDesk } from "./desk.mjs";
import { bundleWorker, persistArgs, runMain, sleep, startDev, stopDev, wrangler } from "./dev.mjs";
import { keyArgs, mintToken, newSecret, ROOT, recordPart, writeBenchConfig } from "./setup.mjs";
import { envNumber, fmt, percentile, printTable, sum } from "./stats.mjs";

const TIMEOUT_S = envNumber("BENCH_LIVE_TIMEOUT", 120, { positive: true });
const SCALE = envNumber("BENCH_LIVE_SCALE", 1, { positive: true });
const DESK_ONLY = process.env.BENCH_DESK_ONLY === "true";
const CONNECT_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECT_CONCURRENCY = 20;
const AGENTS = 8;

const SCENARIOS = [
  {
    key: "1x100",
    name: "1 session x 100 listeners",
    sessions: 1,
    listeners: 100,
    messages: Math.round(1_000 * SCALE),
    posters: 4,
  },
  {
    key: "100x5",
    name: "100 sessions x 5 listeners",
    sessions: 100,
    listeners: 5,
    messages: Math.round(20 * SCALE),
    posters: 8,
  },
];

/**
 * Starts a fresh Worker of ours in `workDir`, runs the live scenarios, prints their table and returns
 * the results ({date, settings, scenarios, pass, failures}). `script`: a bundle from `wrangler deploy
 * --dry-run` (made here if absent).
 */
export async function runLive({ workDir, script }) {
  process.env.WRANGLER_SEND_METRICS = "false";
  await mkdir(workDir, { recursive: true });
  const secret = newSecret();
  const worker = {
    name: "ours-live",
    config: await writeBenchConfig(workDir),
    // Request lines (info) for the desk's Durable Object requests per message.
    extraArgs: ["--var", "LOG_LEVEL:info", ...keyArgs(secret)],
    logLevel: "log",
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  if (!script) {
    const bundled = await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"));
    console.log(`ours, bundled: total upload ${bundled.totalUpload} / gzip ${bundled.gzip}`);
    script = bundled.script;
  }
  await mkdir(worker.persistDir, { recursive: true });
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);

  const agents = await Promise.all(
    Array.from({ length: AGENTS }, (_, i) =>
      mintToken(secret, {
        sub: `agent:live-bench-${i}`,
        role: "service_agent",
        name: `Agent ${i}`,
      }),
    ),
  );
  const results = [];
  let desk;
  try {
    for (const scenario of DESK_ONLY ? [] : SCENARIOS) {
      console.log(
        `live: ${scenario.name}, ${scenario.messages} messages per session, ${scenario.posters} posters`,
      );
      const result = await runScenario(worker.url, scenario, agents);
      results.push(result);
      console.log(
        `  ${result.posted} posted in ${fmt(result.postSeconds, 1)} s; ${result.delivered}/${result.expected} delivered in ${fmt(result.deliverySeconds, 1)} s${result.errors.length ? `; ERRORS ${result.errorCount}: ${result.errors.join(" | ")}` : ""}`,
      );
    }
    desk = await runDesk(worker.url, agents, () => readFile(worker.logPath, "utf8"));
  } finally {
    await stopDev(worker);
  }

  const failures = results.flatMap((r) => {
    const out = [];
    if (r.ratio !== 1) out.push(`${r.name}: delivered/expected ${fmt(r.ratio, 4)}`);
    if (r.duplicates) out.push(`${r.name}: ${r.duplicates} duplicates`);
    if (r.outOfOrder) out.push(`${r.name}: ${r.outOfOrder} out of order`);
    if (r.gaps) out.push(`${r.name}: ${r.gaps} gaps`);
    if (r.errorCount) out.push(`${r.name}: ${r.errorCount} errors (${r.errors.join(" | ")})`);
    if (r.posted !== r.planned) out.push(`${r.name}: ${r.posted}/${r.planned} messages stored`);
    return out;
  });
  failures.push(...desk.failures);
  printLive(results);
  return {
    date: new Date().toISOString(),
    settings: { timeoutSeconds: TIMEOUT_S, scale: SCALE, scenarios: SCENARIOS },
    scenarios: results,
    desk,
    pass: failures.length === 0,
    failures,
  };
}

async function runScenario(base, scenario, agents) {
  const errors = [];
  let errorCount = 0;
  const fail = (text) => {
    errorCount++;
    if (errors.length < 5) errors.push(text);
  };

  // Sessions, as a customer's widget starts them.
  const sessions = await mapLimit(Array.from({ length: scenario.sessions }), 10, async () => {
    const res = await fetch(`${base}/sessions`, {
      method: "POST",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (res.status !== 201)
      throw new Error(`POST /sessions answered ${res.status}: ${await res.text()}`);
    const body = await res.json();
    return {
      id: body.id,
      lastSeq: body.last_seq,
      customer: body.customer_token.token,
      sent: new Map(), // client_message_id -> performance.now() just before the POST
      posted: new Set(), // seqs of the messages stored by this scenario's POSTs
    };
  });

  // Listeners: the first of each session with the customer's token, the others as agents.
  let closing = false;
  const opened = performance.now();
  const latencies = [];
  let lastArrival = 0;
  const listenerSpecs = sessions.flatMap((session) =>
    Array.from({ length: scenario.listeners }, (_, j) => ({
      session,
      token: j === 0 ? session.customer : agents[j % agents.length],
    })),
  );
  const listeners = await mapLimit(listenerSpecs, CONNECT_CONCURRENCY, ({ session, token }) => {
    const listener = {
      session,
      readySeq: null,
      lastSeen: 0,
      received: new Set(),
      duplicates: 0,
      outOfOrder: 0,
      beforeReady: 0,
    };
    return liveUrl(base, session, token).then(
      (url) =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(url);
          listener.ws = ws;
          const timer = setTimeout(() => {
            reject(new Error(`no ready frame within ${CONNECT_TIMEOUT_MS} ms`));
            ws.close();
          }, CONNECT_TIMEOUT_MS);
          ws.addEventListener("message", (event) => {
            const now = performance.now();
            let frame;
            try {
              frame = JSON.parse(event.data);
            } catch {
              return fail("a frame that is not JSON");
            }
            if (frame.type === "ready") {
              listener.readySeq = frame.last_seq;
              listener.lastSeen = Math.max(listener.lastSeen, frame.last_seq);
              clearTimeout(timer);
              resolve(listener);
            } else if (frame.type === "message") {
              const { seq, client_message_id: cmid } = frame.message;
              if (listener.readySeq === null) listener.beforeReady++;
              if (listener.received.has(seq)) {
                listener.duplicates++;
                return;
              }
              if (seq < listener.lastSeen) listener.outOfOrder++;
              listener.lastSeen = Math.max(listener.lastSeen, seq);
              listener.received.add(seq);
              const sentAt = cmid && session.sent.get(cmid);
              if (sentAt !== undefined) {
                latencies.push(now - sentAt);
                lastArrival = now;
              }
            } else if (frame.type === "error") {
              fail(`error frame ${frame.status} ${frame.problem_type}`);
            }
          });
          ws.addEventListener("error", () => {
            if (!closing) fail("socket error");
          });
          ws.addEventListener("close", (event) => {
            listener.closed = true;
            if (!closing) {
              const at = fmt((performance.now() - opened) / 1000, 1);
              fail(
                `socket of session ${session.id} closed ${event.code} ${event.reason} at ${at} s`,
              );
              clearTimeout(timer);
              reject(new Error(`socket closed ${event.code} ${event.reason}`));
            }
          });
        }),
    );
  });

  // Jobs in round-robin order over the sessions: message i of every session, then message i + 1.
  const jobs = [];
  for (let i = 0; i < scenario.messages; i++)
    for (const session of sessions) jobs.push({ session, i });
  let next = 0;
  const started = performance.now();
  const deadline = started + TIMEOUT_S * 1000;
  await Promise.all(
    Array.from({ length: scenario.posters }, async (_, p) => {
      while (next < jobs.length && performance.now() < deadline) {
        const { session, i } = jobs[next++];
        const cmid = `live-${scenario.key}-${i}`;
        const token = p % 4 === 0 ? session.customer : agents[p % agents.length];
        session.sent.set(cmid, performance.now());
        try {
          const res = await fetch(`${base}/sessions/${session.id}/messages?limit=1`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({
              content: `Live bench ${scenario.key}, message ${i} of session ${session.id}.`,
              client_message_id: cmid,
            }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await res.text();
          if (res.status !== 201) {
            fail(`POST answered ${res.status}: ${text.slice(0, 200)}`);
            continue;
          }
          session.posted.add(JSON.parse(text).message.seq);
        } catch (error) {
          fail(`POST failed: ${error.message}`);
        }
      }
    }),
  );
  const postSeconds = (performance.now() - started) / 1000;

  // Until every listener holds every posted seq of its session, or the deadline.
  const complete = (l) => {
    for (const seq of l.session.posted) if (!l.received.has(seq)) return false;
    return true;
  };
  while (performance.now() < deadline && !listeners.every(complete)) await sleep(50);
  await sleep(500); // late duplicates, if any, would land here

  closing = true;
  await Promise.all(
    listeners.map(
      (l) =>
        new Promise((resolve) => {
          if (l.closed) return resolve();
          l.ws.addEventListener("close", resolve);
          l.ws.close(1000);
          setTimeout(resolve, 5_000);
        }),
    ),
  );

  let delivered = 0;
  let expected = 0;
  let gaps = 0;
  for (const l of listeners) {
    for (const seq of l.session.posted) {
      expected++;
      if (l.received.has(seq)) delivered++;
      else if (seq < l.lastSeen) gaps++;
    }
  }
  const posted = sessions.reduce((n, s) => n + s.posted.size, 0);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    sessions: scenario.sessions,
    listeners: listeners.length,
    planned: jobs.length,
    posted,
    postSeconds,
    postsPerSecond: posted / postSeconds,
    deliverySeconds: ((lastArrival || performance.now()) - started) / 1000,
    framesPerSecond: sorted.length / (((lastArrival || performance.now()) - started) / 1000),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    delivered,
    expected,
    ratio: expected ? delivered / expected : 0,
    duplicates: sum(listeners.map((l) => l.duplicates)),
    outOfOrder: sum(listeners.map((l) => l.outOfOrder)),
    gaps,
    backlogFrames: sum(listeners.map((l) => l.beforeReady)),
    errorCount,
    errors,
  };
}

function printLive(results) {
  console.log(
    "\nLive fan-out (ours; latency from just before the POST to the frame at a listener):\n",
  );
  const header = [
    "scenario",
    "sockets",
    "messages",
    "POST/s",
    "frames/s",
    "p50",
    "p99",
    "max",
    "delivered/expected",
    "dup",
    "out of order",
    "gaps",
    "errors",
    "result",
  ];
  const rows = results.map((r) => [
    r.name,
    r.listeners,
    r.posted,
    fmt(r.postsPerSecond, 0),
    fmt(r.framesPerSecond, 0),
    `${fmt(r.p50, 1)} ms`,
    `${fmt(r.p99, 1)} ms`,
    `${fmt(r.max, 1)} ms`,
    `${r.delivered}/${r.expected} = ${fmt(r.ratio, 3)}`,
    r.duplicates,
    r.outOfOrder,
    r.gaps,
    r.errorCount,
    r.ratio === 1 &&
    !r.duplicates &&
    !r.outOfOrder &&
    !r.gaps &&
    !r.errorCount &&
    r.posted === r.planned
      ? "PASS"
      : "FAIL",
  ]);
  printTable(header, rows);
  console.log(
    "\nframes/s: message frames received by all listeners together, from the first POST to the last frame.",
  );
}

/** Runs `fn` over `items` with at most `limit` at a time; resolves with the results in order. */
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// `npx node bench/live.mjs`: the live scenarios alone, on their own bundle and Worker.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runMain("live bench", "support-chat-live-", async (workDir) => {
    const live = await runLive({ workDir });
    await recordPart("live", live);
    console.log("\nwritten: bench/results/latest.json (live; the HTTP results kept)");
    if (!live.pass) {
      console.error(`\nERROR (live): ${live.failures.join("; ")}`);
      process.exitCode = 1;
    }
  });
}

/** The live URL of `session` for the holder of `token`: with a single-use ticket (no token in URLs). */
async function liveUrl(base, session, token) {
  const response = await fetch(`${base}/sessions/${session.id}/live-ticket`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });
  if (response.status !== 201) throw new Error(`live ticket: ${response.status}`);
  const { ticket } = await response.json();
  return `${base.replace(/^http/, "ws")}/sessions/${session.id}/live?after_seq=${session.lastSeq}&ticket=${encodeURIComponent(ticket)}`;
}
