// `npm run bench:js`: the Worker's own JavaScript per request, ours against the hand-written baseline,
// with nothing else in the way. Both are bundled as `wrangler deploy` bundles them and called in this
// Node process (`worker.fetch(request, env)`), one request after another, with D1 answering canned rows
// at once; so what is timed is routing, middleware, validation, the token check, mapping and JSON, not
// D1, workerd or wrangler's proxy (which `npm run bench` includes). Reads only: the rows of a read are
// easy to can faithfully. Settings (env): JS_COST_REQUESTS per sample (5000), JS_COST_SAMPLES (7).
import { readFile } from "node:fs/promises";
import { register } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleWorker, runMain } from "./dev.mjs";
import { customerToken, KID, newSecret, ROOT } from "./setup.mjs";
import { envNumber, fmt, median, printTable } from "./stats.mjs";

const REQUESTS = envNumber("JS_COST_REQUESTS", 5000, { positive: true });
const SAMPLES = envNumber("JS_COST_SAMPLES", 7, { positive: true });
const SESSION = "5eed0000-0000-4000-8000-000000000000";
const CUSTOMER = "customer:bench-0";

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
  }));
  const answer = (sql) => ({
    success: true,
    meta: {},
    results: sql.includes('from "chat_sessions"') ? [session] : messages,
  });
  const statement = (sql) => ({ sql, bind: () => statement(sql) });
  const db = {
    prepare: statement,
    batch: async (statements) => statements.map((s) => answer(s.sql)),
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
  const namespace = { idFromName: (name) => name, get: () => ({ publish: async () => {} }) };
  const bindings = {
    DB: cannedD1(),
    AUTH_SIGNING_KEYS: `${KID}:${secret}`,
    SESSION_RATE_LIMITER: limiter,
    MESSAGE_RATE_LIMITER: limiter,
    SESSION_ROOMS: namespace,
    QUEUE_ROOM: namespace,
    ROOMS: namespace,
    QUEUE: namespace,
  };
  const workers = [];
  for (const [name, config, extra] of [
    ["ours", join(ROOT, "wrangler.toml"), { LOG_LEVEL: "warn" }],
    ["baseline", join(ROOT, "bench/baseline/wrangler.toml"), {}],
  ]) {
    const env = { ...(await varsOf(config)), ...bindings, ...extra };
    workers.push({ name, env, worker: await loadWorker(dir, name, config) });
  }
  const authorization = `Bearer ${await customerToken(secret, SESSION, CUSTOMER)}`;
  const scenarios = [
    ["read session", `/sessions/${SESSION}?limit=10`],
    ["read page", `/sessions/${SESSION}/messages?after_seq=0&limit=10`],
  ];
  const ctx = { waitUntil() {}, passThroughOnException() {} };
  const rows = [];
  for (const [scenario, path] of scenarios) {
    const call = async ({ worker, env }) => {
      const request = new Request(`http://localhost${path}`, { headers: { authorization } });
      const response = await worker.fetch(request, env, ctx);
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body}`);
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
    const [ours, baseline] = workers.map((w) => median(times.get(w.name)));
    rows.push([scenario, `${fmt(ours, 1)} us`, `${fmt(baseline, 1)} us`, fmt(ours / baseline, 2)]);
  }
  console.log(
    `\nThe Worker's own JavaScript per request (medians of ${SAMPLES} samples of ${REQUESTS} requests):\n`,
  );
  printTable(["scenario", "ours", "baseline", "ours/baseline"], rows);
}

await runMain("js-cost", "support-chat-js-cost-", main);
