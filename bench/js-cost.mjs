// `npm run bench:js`: the Worker's own JavaScript per request, ours against the hand-written baseline,
// with nothing else in the way. Both are bundled as `wrangler deploy` bundles them and called in this
// Node process (`worker.fetch(request, env)`), one request after another, with D1 answering canned rows
// at once; so what is timed is routing, middleware, validation, the token check, mapping and JSON, not
// D1, workerd or wrangler's proxy (which `npm run bench` includes). The writes' D1 answers are canned by
// statement kind (the outbox entry, the stored message read back); the Durable Objects answer at once,
// and the work after the answer (ctx.waitUntil) is awaited too, so it is counted. The bare baseline
// (bench/baseline/bare.js) runs beside the checked one. Settings (env): JS_COST_REQUESTS per sample
// (5000), JS_COST_SAMPLES (7).
import { readFile } from "node:fs/promises";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleWorker, runMain } from "./dev.mjs";
import { customerToken, KID, newSecret, ROOT, writeBenchConfig } from "./setup.mjs";
import { envNumber, fmt, median, printTable } from "./stats.mjs";

const REQUESTS = envNumber("JS_COST_REQUESTS", 5000, { positive: true });
const SAMPLES = envNumber("JS_COST_SAMPLES", 7, { positive: true });
const SESSION = "5eed0000-0000-4000-8000-000000000000";
const CUSTOMER = "customer:bench-0";
const MESSAGE = JSON.stringify({ author_type: "customer", content: "hello" });

// Both bundles import `cloudflare:workers` for their Durable Object classes, which are not used here.
register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier !== "cloudflare:workers") return next(specifier, context);
      return { shortCircuit: true, url: "data:text/javascript,export class DurableObject {}" };
    }`)}`,
);

/** A D1 that answers every batch at once: the session's row, or 11 messages (a page of 10 and one more). */
function cannedD1() {
  const now = new Date().toISOString();
  const session = {
    id: SESSION,
    created_at: now,
    updated_at: now,
    last_seq: 11,
    status: "open",
    customer_id: CUSTOMER,
    customer_name: null,
    assignee_id: null,
    assignee_name: null,
    priority: "normal",
    escalated: 0,
    escalation_reason: null,
    queued_at: now,
    first_response_at: null,
    assigned_at: null,
    resolved_at: null,
    outcome: null,
    rating: null,
    rating_comment: null,
    rated_at: null,
    transition_id: null,
  };
  const messages = Array.from({ length: 11 }, (_, i) => ({
    id: crypto.randomUUID(),
    session_id: SESSION,
    seq: 11 - i,
    timestamp: now,
    content: "hello",
    author_type: "customer",
    client_message_id: null,
    author_id: CUSTOMER,
    author_name: null,
    visibility: "public",
    sources: null,
    attachments: null,
  }));
  // Binds are kept: the message a batch stored is read back by its new id (the last bind).
  const rowsOf = (sql, binds) => {
    if (sql.startsWith('insert into "outbox"')) return [{ id: 1, created_at: now }];
    if (sql.startsWith("insert") || sql.startsWith("update") || sql.startsWith("delete")) return [];
    if (sql.startsWith('select "id", "session_id", "seq"') && sql.includes('"id" in (?)'))
      return [{ ...messages[0], id: binds.at(-1), seq: 12 }];
    return sql.includes('from "chat_sessions"') ? [session] : messages;
  };
  const answer = (sql, binds) => ({ success: true, meta: {}, results: rowsOf(sql, binds) });
  const statement = (sql, binds = []) => ({
    sql,
    binds,
    bind: (...values) => statement(sql, values),
    run: async () => answer(sql, binds),
    all: async () => answer(sql, binds),
    first: async () => answer(sql, binds).results[0] ?? null,
  });
  const db = {
    prepare: statement,
    batch: async (statements) => statements.map((s) => answer(s.sql, s.binds)),
  };
  // A D1 session (read replication) answers the same, and has a bookmark.
  return { ...db, withSession: () => ({ ...db, getBookmark: () => "00000001-00000000-00000000" }) };
}

/** The top-level `[vars]` of a wrangler config (string values only, as ours and the baseline's are). */
async function varsOf(config) {
  const text = await readFile(config, "utf8");
  const section = text.split(/^\[vars\]\n/m)[1]?.split(/^\[/m)[0] ?? "";
  return Object.fromEntries(
    [...section.matchAll(/^(\w+)\s*=\s*"(.*)"$/gm)].map(([, key, value]) => [key, value]),
  );
}

async function loadWorker(dir, name, config) {
  const { script } = await bundleWorker(join(dir, name), config);
  const { default: worker } = await import(pathToFileURL(script).href);
  return worker;
}

async function main(dir) {
  process.env.WRANGLER_SEND_METRICS = "false";
  const secret = newSecret();
  const limiter = { limit: async () => ({ success: true }) };
  const room = { publish: async () => {}, watchDue: async () => {}, arm: async () => {} };
  const namespace = { idFromName: (name) => name, get: () => room };
  const queue = { send: async () => {}, sendBatch: async () => {} };
  const bindings = {
    DB: cannedD1(),
    AUTH_SIGNING_KEYS: `${KID}:${secret}`,
    SESSION_RATE_LIMITER: limiter,
    MESSAGE_RATE_LIMITER: limiter,
    SESSION_ROOMS: namespace,
    QUEUE_ROOM: namespace,
    ROOMS: namespace,
    QUEUE: namespace,
    OUTBOX_SWEEPER: namespace,
    WEBHOOKS: queue,
    WEBHOOKS_DEAD: queue,
  };
  const workers = [];
  const baselineConfig = join(ROOT, "bench/baseline/wrangler.toml");
  for (const [name, config, extra] of [
    ["ours", join(ROOT, "wrangler.toml"), { LOG_LEVEL: "warn" }],
    ["baseline", baselineConfig, {}],
    ["bare", await writeBenchConfig(dir, "bench/baseline/wrangler.toml", { main: "bare.js" }), {}],
  ]) {
    const env = {
      ...(await varsOf(name === "bare" ? baselineConfig : config)),
      ...bindings,
      ...extra,
    };
    workers.push({ name, env, worker: await loadWorker(dir, name, config) });
  }
  const authorization = `Bearer ${await customerToken(secret, SESSION, CUSTOMER)}`;
  const post = { method: "POST", headers: { "content-type": "application/json", authorization } };
  const scenarios = [
    ["create session", "/sessions", { method: "POST" }, 201],
    ["post message", `/sessions/${SESSION}/messages`, { ...post, body: MESSAGE }, 201],
    ["read session", `/sessions/${SESSION}?limit=10`, { headers: { authorization } }, 200],
    [
      "read page",
      `/sessions/${SESSION}/messages?after_seq=0&limit=10`,
      { headers: { authorization } },
      200,
    ],
  ];
  const rows = [];
  for (const [scenario, path, init, status] of scenarios) {
    const call = async ({ worker, env }) => {
      const after = [];
      const ctx = { waitUntil: (promise) => after.push(promise), passThroughOnException() {} };
      const response = await worker.fetch(new Request(`http://localhost${path}`, init), env, ctx);
      const body = await response.text();
      await Promise.all(after);
      if (response.status !== status) throw new Error(`${path}: ${response.status} ${body}`);
    };
    const sample = async (subject) => {
      const started = performance.now();
      for (let i = 0; i < REQUESTS; i++) await call(subject);
      return ((performance.now() - started) * 1000) / REQUESTS;
    };
    const times = new Map(workers.map((w) => [w.name, []]));
    for (const subject of workers) await sample(subject); // warm-up: JIT, first-request setup
    for (let i = 0; i < SAMPLES; i++) {
      for (const subject of i % 2 ? [...workers].reverse() : workers) {
        times.get(subject.name).push(await sample(subject));
      }
    }
    const [ours, baseline, bare] = workers.map((w) => median(times.get(w.name)));
    rows.push([
      scenario,
      `${fmt(ours, 1)} us`,
      `${fmt(baseline, 1)} us`,
      `${fmt(bare, 1)} us`,
      fmt(ours / baseline, 2),
      fmt(ours / bare, 2),
    ]);
  }
  console.log(
    `\nThe Worker's own JavaScript per request (medians of ${SAMPLES} samples of ${REQUESTS} requests):\n`,
  );
  printTable(["scenario", "ours", "baseline", "bare", "ours/baseline", "ours/bare"], rows);
}

await runMain("js-cost", "support-chat-js-cost-", main);
