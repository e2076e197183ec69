// Search across conversations, timed: seeds 10,000 and then 100,000 messages into local D1 (through
// chat_messages, so the search index's triggers index them), and times GET /search/messages against
// `wrangler dev` for several kinds of query: a common word (in a third of the messages), a rare one,
// two words, a word being typed (prefix), filters, and an agent who reaches one team of ten.
// Prints median and p95 latency (ms, measured by the client over HTTP) per kind and size.
// `npm run bench:search`; part of `npm run bench` (BENCH_ONLY=search runs it alone). Settings (env):
// BENCH_SEARCH_TIMES (40 queries of each kind), BENCH_SEARCH_SIZES ("10000,100000").
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  bundleWorker,
  executeSqlFile,
  persistArgs,
  runMain,
  startDev,
  stopDev,
  wrangler,
} from "./dev.mjs";
import { COMMON, MESSAGES_PER_SESSION, RARE, seedSql } from "./search-seed.mjs";
import { keyArgs, mintToken, newSecret, ROOT, recordPart, writeBenchConfig } from "./setup.mjs";
import { envNumber, fmt, median, percentile, printTable } from "./stats.mjs";

const TIMES = envNumber("BENCH_SEARCH_TIMES", 40, { positive: true });
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? "10000,100000").split(",").map(Number);
const TARGET_MS = 100;

/** The kinds of query, each as the query string and who asks. */
const KINDS = [
  { name: "common word", query: { q: COMMON }, as: "supervisor" },
  { name: "rare word", query: { q: RARE }, as: "supervisor" },
  { name: "two words", query: { q: "refund parcel" }, as: "supervisor" },
  { name: "typing (prefix)", query: { q: "deliv" }, as: "supervisor" },
  {
    name: "common word, filtered",
    query: { q: COMMON, status: "resolved", team: "team-3", from: "2026-01-01T00:00:00Z" },
    as: "supervisor",
  },
  { name: "agent of one team", query: { q: COMMON }, as: "agent" },
  { name: "agent, page 3", query: { q: "refund", offset: "40" }, as: "agent" },
];

export async function runSearchBench(workDir) {
  process.env.WRANGLER_SEND_METRICS = "false";
  const secret = newSecret();
  const worker = {
    name: "ours-search",
    config: await writeBenchConfig(workDir),
    extraArgs: keyArgs(secret),
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  await mkdir(worker.persistDir, { recursive: true });
  const { script } = await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  const tokens = {
    supervisor: await mintToken(secret, { sub: "bench-sup", role: "supervisor", name: "Sam" }),
    agent: await mintToken(secret, { sub: "bench-agent-3", role: "service_agent", name: "Al" }),
  };

  const rows = [];
  const figures = {};
  let seededSessions = 0;
  for (const size of SIZES) {
    const sessions = Math.ceil(size / MESSAGES_PER_SESSION);
    const file = join(workDir, `seed-${size}.sql`);
    await writeFile(file, seedSql(seededSessions, sessions));
    const started = performance.now();
    await executeSqlFile(worker, file);
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(`seeded ${size} messages (${fmt(seedSeconds, 1)} s, index triggers included)`);
    seededSessions = sessions;

    await startDev(worker, script);
    figures[size] = {};
    for (const kind of KINDS) {
      const url = `${worker.url}/search/messages?${new URLSearchParams(kind.query)}`;
      const ask = async () => {
        const t0 = performance.now();
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${tokens[kind.as]}` },
        });
        const body = await response.json();
        if (response.status !== 200)
          throw new Error(`${kind.name}: ${response.status} ${JSON.stringify(body)}`);
        return { ms: performance.now() - t0, hits: body.results.length };
      };
      for (let i = 0; i < 3; i++) await ask();
      const times = [];
      let hits = 0;
      for (let i = 0; i < TIMES; i++) {
        const { ms, hits: n } = await ask();
        times.push(ms);
        hits = n;
      }
      times.sort((a, b) => a - b);
      const p50 = median(times);
      const p95 = percentile(times, 0.95);
      figures[size][kind.name] = { median_ms: p50, p95_ms: p95 };
      rows.push([size.toLocaleString("en"), kind.name, fmt(p50, 1), fmt(p95, 1), String(hits)]);
    }
    await stopDev(worker);
  }
  printTable(["messages", "query", "median ms", "p95 ms", "hits on page"], rows);
  const worst = Math.max(
    ...Object.values(figures).flatMap((f) => Object.values(f).map((k) => k.median_ms)),
  );
  console.log(`worst median ${fmt(worst, 1)} ms (target under ${TARGET_MS} ms)`);
  await recordPart("search", figures);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runMain("search bench", "support-chat-search-", runSearchBench);
}
