import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import autocannon from "autocannon";
import { startServer } from "../test/browser/server.mjs";
import { runCost } from "./cost.mjs";
import {
  bundleWorker,
  executeSqlFile,
  groupCpuMs,
  persistArgs,
  runMain,
  startDev as startDevServer,
  stopDev,
  wrangler,
} from "./dev.mjs";
import { runLive } from "./live.mjs";
import { runResponder } from "./responder.mjs";
import { runSearchBench } from "./search-bench.mjs";
import { customerToken, keyArgs, newSecret, ROOT, recordPart, writeBenchConfig } from "./setup.mjs";
import { envNumber, fmt, median, printTable, sum } from "./stats.mjs";

const ONLY = process.env.BENCH_ONLY ?? "";
if (!["", "http", "live", "responder", "cost", "search"].includes(ONLY))
  throw new Error(`BENCH_ONLY must be http, live, responder, cost or search, not "${ONLY}"`);
const settings = {
  duration: envNumber("BENCH_DURATION", 5),
  connections: envNumber("BENCH_CONNECTIONS", 10),
  rounds: envNumber("BENCH_ROUNDS", 5),
  warmup: envNumber("BENCH_WARMUP", 1),
  writeSessions: envNumber("BENCH_WRITE_SESSIONS", 200),
  baselineAssets: process.env.BENCH_BASELINE_ASSETS !== "false",
  // "bare": the baseline is bench/baseline/bare.js (the same storage and one publish, nothing else).
  baseline: process.env.BENCH_BASELINE ?? "checked",
};
if (!["checked", "bare"].includes(settings.baseline))
  throw new Error(`BENCH_BASELINE must be checked or bare, not "${settings.baseline}"`);
const BARE = settings.baseline === "bare";
/** The baseline's name in the report. */
const BASE = BARE ? "bare" : "base";
const TARGET_VS_BASELINE = 0.8;
const TARGET_SIZE_INDEPENDENCE = 1.2;
const BIG_SESSION_MESSAGES = 10_000;
const SMALL_SESSION_MESSAGES = 10;

// Seeded ids are fixed so that the SQL and the scenarios agree: session k has the id below.
const sessionId = (k) => `5eed0000-0000-4000-8000-${k.toString(16).padStart(12, "0")}`;
const SMALL = sessionId(0); // read by the 10-message scenarios
const BIG = sessionId(1); // 10,000 messages
const writeSessionIds = Array.from({ length: settings.writeSessions }, (_, i) => sessionId(i + 2));
// Seeded session k belongs to this customer; its token is minted with the run's key.
const customerOf = (k) => `customer:bench-${k}`;
const READ_LIMIT = 10; // page size of the read scenarios, for the 10- and the 10k-message session alike

const secret = newSecret();
/** Session id to "Bearer <customer token>", for every seeded session (filled in by main). */
const bearer = new Map();

let workDir;

const workers = [
  {
    name: "ours",
    config: "", // the bench copy of wrangler.toml (raised rate limits), written in main
    // No request log lines during the load.
    extraArgs: ["--var", "LOG_LEVEL:warn", ...keyArgs(secret)],
    readyPath: "/health",
  },
  {
    name: "baseline",
    config: "", // the bench copy of bench/baseline/wrangler.toml, written in main
    extraArgs: keyArgs(secret),
    readyPath: "/",
  },
];

const MESSAGE_BODY = JSON.stringify({ author_type: "customer", content: "hello" });
const JSON_HEADERS = { "content-type": "application/json" };
const authHeaders = (id) => ({ authorization: bearer.get(id) });

/** Each scenario is a list of autocannon requests; `group`/`size` pair the 10-message and 10k runs. */
function scenarios() {
  let next = 0;
  const post = (id) => ({
    method: "POST",
    path: `/sessions/${id}/messages`,
    headers: { ...JSON_HEADERS, ...authHeaders(id) },
    body: MESSAGE_BODY,
  });
  const get = (id, path) => ({ method: "GET", path, headers: authHeaders(id) });
  return [
    { name: "create session", requests: [{ method: "POST", path: "/sessions" }] },
    {
      name: "post message (10 msgs)",
      group: "post message",
      size: "small",
      // Rotates over many small sessions so that none of them grows much during the run.
      requests: [
        {
          ...post(SMALL),
          setupRequest: (req) => ({
            ...req,
            ...post(writeSessionIds[next++ % writeSessionIds.length]),
          }),
        },
      ],
    },
    { name: "post message (10k msgs)", group: "post message", size: "big", requests: [post(BIG)] },
    {
      name: "read session (10 msgs)",
      group: "read session",
      size: "small",
      requests: [get(SMALL, `/sessions/${SMALL}?limit=${READ_LIMIT}`)],
    },
    {
      name: "read session (10k msgs)",
      group: "read session",
      size: "big",
      requests: [get(BIG, `/sessions/${BIG}?limit=${READ_LIMIT}`)],
    },
    {
      name: "read page (10 msgs)",
      group: "read page",
      size: "small",
      requests: [get(SMALL, `/sessions/${SMALL}/messages?after_seq=0&limit=${READ_LIMIT}`)],
    },
    {
      name: "read page (10k msgs)",
      group: "read page",
      size: "big",
      requests: [
        get(
          BIG,
          `/sessions/${BIG}/messages?after_seq=${BIG_SESSION_MESSAGES / 2}&limit=${READ_LIMIT}`,
        ),
      ],
    },
  ];
}

async function main(dir) {
  process.env.WRANGLER_SEND_METRICS = "false";
  workDir = dir;
  if (ONLY === "cost") return costStage();
  if (ONLY === "search") return runSearchBench(await mkdtemp(join(workDir, "search-")));
  if (ONLY === "live" || ONLY === "responder") {
    console.log(`bench (${ONLY} only); work dir ${workDir}`);
    const bundled = await bundleOurs();
    console.log(`ours, bundled: total upload ${bundled.totalUpload} / gzip ${bundled.gzip}\n`);
    return ONLY === "live" ? liveStage(bundled) : responderStage(bundled);
  }
  console.log(`bench: ${JSON.stringify(settings)}; work dir ${workDir}`);
  for (const [k, id] of [SMALL, BIG, ...writeSessionIds].entries()) {
    bearer.set(id, `Bearer ${await customerToken(secret, id, customerOf(k))}`);
  }

  const bundle = await bundleOurs();
  console.log(`ours, bundled: total upload ${bundle.totalUpload} / gzip ${bundle.gzip}\n`);
  workers[0].config = await writeBenchConfig(workDir);
  workers[1].config = await writeBenchConfig(workDir, "bench/baseline/wrangler.toml", {
    assets: settings.baselineAssets,
    main: BARE ? "bare.js" : undefined,
  });

  for (const worker of workers) {
    worker.persistDir = join(workDir, worker.name, "state");
    await mkdir(worker.persistDir, { recursive: true });
    await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
    await seed(worker);
    await startDev(worker, worker.name === "ours" ? bundle.script : undefined);
  }
  await sanityCheck();

  // BENCH_SCENARIOS=post,read: only the scenarios whose names contain one of these words.
  const only = process.env.BENCH_SCENARIOS?.split(",") ?? [];
  const list = scenarios().filter(
    (s) => !only.length || only.some((word) => s.name.includes(word)),
  );
  if (settings.warmup > 0) {
    process.stdout.write("warm-up ");
    for (const scenario of list)
      for (const worker of workers) await load(worker, scenario, settings.warmup);
    console.log("done");
  }

  // Interleaved (A B, B A, A B ...) so that drift in the shared machine's load hits both alike.
  const runs = Object.fromEntries(list.map((s) => [s.name, { ours: [], baseline: [] }]));
  for (let round = 0; round < settings.rounds; round++) {
    console.log(`round ${round + 1}/${settings.rounds}`);
    const order = round % 2 === 0 ? workers : [...workers].reverse();
    for (const scenario of list) {
      for (const worker of order) {
        const result = await load(worker, scenario, settings.duration);
        runs[scenario.name][worker.name].push(result);
        console.log(
          `  ${scenario.name.padEnd(24)} ${worker.name.padEnd(8)} ${fmt(result.rps, 0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${result.failures ? `  FAILURES ${result.failures}` : ""}`,
        );
      }
    }
  }

  const report = summarize(list, runs);
  printReport(report, bundle);
  const resultsDir = join(ROOT, "bench/results");
  await mkdir(resultsDir, { recursive: true });
  const resultsFile = BARE ? "bare.json" : "latest.json";
  await writeFile(
    join(resultsDir, resultsFile),
    `${JSON.stringify({ date: new Date().toISOString(), settings, bundle: { totalUpload: bundle.totalUpload, gzip: bundle.gzip }, ...report, runs }, null, 2)}\n`,
  );
  console.log(`\nwritten: bench/results/${resultsFile}`);

  const failures = report.scenarios.reduce(
    (sum, s) => sum + s.ours.failures + s.baseline.failures,
    0,
  );
  if (failures > 0) {
    console.error(`\nERROR: ${failures} non-2xx answers, errors or timeouts (see the table).`);
    process.exitCode = 1;
  }
  if (ONLY === "http" || BARE) return; // the later stages have no baseline

  // The HTTP servers stop first, so that the live scenarios have the machine to themselves.
  for (const worker of workers) await stopDev(worker);
  console.log("");
  await liveStage(bundle);
  console.log("");
  await responderStage(bundle);
  console.log("");
  await costStage();
  console.log("");
  await runSearchBench(await mkdtemp(join(workDir, "search-")));
}

/** What each operation costs (bench/cost.mjs), on a fresh `wrangler dev` of ours. */
async function costStage() {
  const config = await writeBenchConfig(await mkdtemp(join(workDir, "cost-")));
  const server = await startServer({ config });
  try {
    const { issueToken } = await import("../src/platform/auth/token-issuer.ts");
    const mint = async ({ subject, role, name }) =>
      (await issueToken(server.signing, { subject, role, name, ttlSeconds: 3600 })).token;
    await runCost(server, mint);
  } finally {
    await server.stop();
  }
}

/** The live fan-out scenarios (bench/live.mjs) on a fresh Worker of ours; merged into latest.json. */
async function liveStage(bundled) {
  const live = await runLive({ workDir: join(workDir, "live"), script: bundled.script });
  if (ONLY === "live") {
    console.log(
      `\nBundle (ours, wrangler deploy --dry-run): total upload ${bundled.totalUpload} / gzip ${bundled.gzip}`,
    );
  }
  await recordPart("live", live);
  console.log(
    `\nwritten: bench/results/latest.json (live${ONLY === "live" ? "; the HTTP results kept" : ""})`,
  );
  if (!live.pass) {
    console.error(`\nERROR (live): ${live.failures.join("; ")}`);
    process.exitCode = 1;
  }
}

/** The AI first responder's overhead and handoff time (bench/responder.mjs); merged into latest.json. */
async function responderStage(bundled) {
  const result = await runResponder({
    workDir: join(workDir, "responder"),
    script: bundled.script,
  });
  await recordPart("responder", result);
  console.log("\nwritten: bench/results/latest.json (responder)");
  if (!result.pass) {
    console.error("\nERROR (responder): the handoff came later than the budget + 100 ms.");
    process.exitCode = 1;
  }
}

/** Builds ours exactly as `wrangler deploy` would; the dev server then runs this bundle, so edits to src/ during the run change nothing. */
function bundleOurs() {
  return bundleWorker(join(workDir, "ours-bundle"), join(ROOT, "wrangler.toml"));
}

/**
 * Seeds through SQL, not HTTP: session 0 (10 messages), session 1 (10,000), then the write sessions
 * (10 each); session k belongs to customer:bench-k. seq runs 1..N, last_seq = N, one second between messages, author types alternating.
 */
async function seed(worker) {
  const sessionCount = settings.writeSessions + 2;
  const size = `(case when s.k = 1 then ${BIG_SESSION_MESSAGES} else ${SMALL_SESSION_MESSAGES} end)`;
  const time = (seconds) =>
    `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-11-01T09:00:00.000', '+' || (${seconds}) || ' seconds')`;
  const sessions = `s(k) as (select 0 union all select k + 1 from s where k < ${sessionCount - 1})`;
  const sql = `
insert into chat_sessions (id, created_at, updated_at, last_seq, status, customer_id)
with recursive ${sessions}
select printf('5eed0000-0000-4000-8000-%012x', s.k), ${time(1)}, ${time(size)}, ${size}, 'open',
  'customer:bench-' || s.k from s;

insert into chat_messages (id, session_id, seq, timestamp, content, author_type, client_message_id)
with recursive ${sessions},
  m(seq) as (select 1 union all select seq + 1 from m where seq < ${BIG_SESSION_MESSAGES})
select printf('%08x-0000-4000-8000-%012x', s.k, m.seq), printf('5eed0000-0000-4000-8000-%012x', s.k), m.seq,
  ${time("m.seq")}, 'Seeded message number ' || m.seq || ', about as long as a short chat line.',
  case m.seq % 2 when 1 then 'service_agent' else 'customer' end, null
from s join m on m.seq <= ${size};
`;
  const file = join(workDir, worker.name, "seed.sql");
  await writeFile(file, sql);
  await executeSqlFile(worker, file);
}

function startDev(worker, script) {
  worker.logPath = join(workDir, worker.name, "dev.log");
  return startDevServer(worker, script);
}

/**
 * One request of each kind to both workers: both 2xx, and every field the baseline answers is in ours
 * with the same type and the same number of messages (ours may add fields: the contract allows it).
 */
async function sanityCheck() {
  const missing = (base, ours, path) => {
    if (Array.isArray(base)) {
      if (!Array.isArray(ours) || ours.length !== base.length)
        return [`${path}: ${base.length} items in the baseline`];
      return base.length ? missing(base[0], ours[0], `${path}[0]`) : [];
    }
    if (base && typeof base === "object") {
      if (!ours || typeof ours !== "object") return [`${path}: not an object`];
      return Object.keys(base).flatMap((key) => missing(base[key], ours[key], `${path}.${key}`));
    }
    return typeof base === typeof ours ? [] : [`${path}: ${typeof ours} instead of ${typeof base}`];
  };
  // [method, path, session whose customer token to send (none: anonymous)]
  const checks = [
    ["POST", "/sessions"],
    ["GET", `/sessions/${SMALL}?limit=${READ_LIMIT}`, SMALL],
    ["GET", `/sessions/${BIG}?limit=${READ_LIMIT}`, BIG],
    ["GET", `/sessions/${BIG}/messages?after_seq=5000&limit=${READ_LIMIT}`, BIG],
    ["POST", `/sessions/${writeSessionIds.at(-1)}/messages`, writeSessionIds.at(-1)],
  ];
  const call = (worker, method, path, authorization) =>
    fetch(worker.url + path, {
      method,
      headers: {
        ...(authorization && { authorization }),
        ...(method === "POST" && path.endsWith("/messages") && JSON_HEADERS),
      },
      ...(method === "POST" && path.endsWith("/messages") && { body: MESSAGE_BODY }),
    });
  const created = {};
  for (const [method, path, session] of checks) {
    const bodies = {};
    for (const worker of workers) {
      const res = await call(worker, method, path, session && bearer.get(session));
      if (!res.ok)
        throw new Error(
          `${worker.name}: ${method} ${path} answered ${res.status}: ${await res.text()}`,
        );
      bodies[worker.name] = await res.json();
    }
    if (path === "/sessions") Object.assign(created, bodies);
    const problems = missing(bodies.baseline, bodies.ours, "body");
    if (problems.length)
      throw new Error(
        `${method} ${path}: ours differs from the baseline:\n  ${problems.join("\n  ")}`,
      );
  }
  // Auth is really on, on both sides (ours only against the bare baseline, which checks nothing): the
  // token a new session came with reads it; no token is 401; a customer's token does not open another session (404).
  for (const worker of BARE ? workers.slice(0, 1) : workers) {
    const { id, customer_token } = created[worker.name];
    const expect = [
      [`/sessions/${id}`, `Bearer ${customer_token.token}`, 200],
      [`/sessions/${SMALL}`, undefined, 401],
      [`/sessions/${BIG}`, bearer.get(SMALL), 404],
    ];
    for (const [path, authorization, status] of expect) {
      const res = await call(worker, "GET", path, authorization);
      await res.arrayBuffer();
      if (res.status !== status)
        throw new Error(`${worker.name}: GET ${path} answered ${res.status}, not ${status}`);
    }
  }
  console.log(
    `sanity check: ours answers every request kind with at least the baseline's fields; ${BARE ? "ours checks tokens (the bare baseline does not)" : "both check tokens"}\n`,
  );
}

async function load(worker, scenario, duration) {
  const cpuBefore = await groupCpuMs(worker.pid);
  const result = await autocannon({
    url: worker.url,
    connections: settings.connections,
    duration,
    requests: scenario.requests,
  });
  const cpuMs = (await groupCpuMs(worker.pid)) - cpuBefore;
  return {
    rps: result.requests.total / result.duration,
    cpuPerRequest: cpuMs / result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

function summarize(list, runs) {
  const medianOf = (results) => ({
    rps: median(results.map((r) => r.rps)),
    cpuPerRequest: median(results.map((r) => r.cpuPerRequest)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    non2xx: sum(results.map((r) => r.non2xx)),
    errors: sum(results.map((r) => r.errors)),
    timeouts: sum(results.map((r) => r.timeouts)),
    failures: sum(results.map((r) => r.failures)),
  });
  const scenarioRows = list.map((s) => {
    const ours = medianOf(runs[s.name].ours);
    const baseline = medianOf(runs[s.name].baseline);
    const ratio = ours.rps / baseline.rps;
    // What the throughput ratio would be if both were CPU-bound: baseline CPU per request over ours.
    const cpuRatio = baseline.cpuPerRequest / ours.cpuPerRequest;
    return {
      name: s.name,
      group: s.group,
      size: s.size,
      ours,
      baseline,
      ratio,
      pass: ratio >= TARGET_VS_BASELINE,
      cpuRatio,
      cpuPass: cpuRatio >= TARGET_VS_BASELINE,
    };
  });
  // Groups with both sizes in this run (BENCH_SCENARIOS may leave one out).
  const groups = [...new Set(list.filter((s) => s.group).map((s) => s.group))].filter(
    (group) => list.filter((s) => s.group === group).length === 2,
  );
  const sizeRows = groups.map((group) => {
    const small = scenarioRows.find((r) => r.group === group && r.size === "small").ours;
    const big = scenarioRows.find((r) => r.group === group && r.size === "big").ours;
    // 10k over 10 messages: how much slower the big session is (1.0 = no difference).
    const slowdown = small.rps / big.rps;
    return {
      group,
      throughputRatio: big.rps / small.rps,
      p50Ratio: big.p50 / small.p50,
      slowdown,
      pass: slowdown <= TARGET_SIZE_INDEPENDENCE,
      cpuRatio: big.cpuPerRequest / small.cpuPerRequest,
      cpuPass: big.cpuPerRequest / small.cpuPerRequest <= TARGET_SIZE_INDEPENDENCE,
    };
  });
  return { scenarios: scenarioRows, sizeIndependence: sizeRows };
}

function printReport({ scenarios: rows, sizeIndependence }, bundle) {
  const verdict = (pass) => (pass ? "PASS" : "MISS");
  console.log(
    `\nMedians over ${settings.rounds} rounds of ${settings.duration} s, ${settings.connections} connections:\n`,
  );
  printTable(
    [
      "scenario",
      "ours req/s",
      `${BASE} req/s`,
      `ours/${BASE}`,
      `>= ${TARGET_VS_BASELINE}x`,
      "ours p50",
      "ours p99",
      `${BASE} p50`,
      `${BASE} p99`,
      "ours cpu/req",
      `${BASE} cpu/req`,
      `cpu ${BASE}/ours`,
      `>= ${TARGET_VS_BASELINE}x`,
      `failed ours/${BASE}`,
    ],
    rows.map((r) => [
      r.name,
      fmt(r.ours.rps, 0),
      fmt(r.baseline.rps, 0),
      fmt(r.ratio, 2),
      verdict(r.pass),
      `${r.ours.p50} ms`,
      `${r.ours.p99} ms`,
      `${r.baseline.p50} ms`,
      `${r.baseline.p99} ms`,
      `${fmt(r.ours.cpuPerRequest, 2)} ms`,
      `${fmt(r.baseline.cpuPerRequest, 2)} ms`,
      fmt(r.cpuRatio, 2),
      verdict(r.cpuPass),
      `${r.ours.failures}/${r.baseline.failures}`,
    ]),
  );
  console.log(
    "\ncpu/req: CPU time of the whole `wrangler dev` process group (Worker, local D1, proxy) per request.",
  );
  console.log(
    `\nOurs, 10k-message session against 10-message session (target: at most ${TARGET_SIZE_INDEPENDENCE}x slower):\n`,
  );
  printTable(
    [
      "operation",
      "req/s 10k/10",
      "p50 10k/10",
      "slowdown (req/s)",
      "target",
      "cpu/req 10k/10",
      "target",
    ],
    sizeIndependence.map((r) => [
      r.group,
      fmt(r.throughputRatio, 2),
      fmt(r.p50Ratio, 2),
      `${fmt(r.slowdown, 2)}x`,
      verdict(r.pass),
      fmt(r.cpuRatio, 2),
      verdict(r.cpuPass),
    ]),
  );
  console.log(
    `\nBundle (ours, wrangler deploy --dry-run): total upload ${bundle.totalUpload} / gzip ${bundle.gzip}`,
  );
}

await runMain("bench", "support-chat-bench-", main);
