// What each operation costs, measured: runs every operation BENCH_COST_TIMES times against our Worker
// under `wrangler dev` (fresh local D1), and reads each request's own log line (src/platform/meter.ts: D1
// round trips, rows read and written from D1's result metadata, Durable Object requests, counted
// after the fan-out) and the CPU time of the dev server's process group. Prints medians per
// operation beside the least each operation needs, and list prices turned into dollars per million.
// Part of `npm run bench` (BENCH_ONLY=cost runs it alone).
import { groupCpuMs, sleep } from "./dev.mjs";
import { recordPart } from "./setup.mjs";
import { envNumber, fmt, median, printTable } from "./stats.mjs";

const TIMES = envNumber("BENCH_COST_TIMES", 30, { positive: true });

/**
 * Cloudflare's list prices (Workers Paid, USD, beyond the included amounts), as published on the
 * pricing pages of Workers, D1 and Durable Objects.
 */
export const PRICES = {
  workerRequest: 0.3 / 1e6,
  workerCpuMs: 0.02 / 1e6,
  d1RowRead: 0.001 / 1e6,
  d1RowWritten: 1.0 / 1e6,
  doRequest: 0.15 / 1e6,
};

/**
 * The least each operation needs: D1 round trips, rows written (each row changed, not counting the
 * index entries D1 also counts), Durable Object requests (the room that fans a message out, the
 * queue that hears a change).
 */
const LEAST = {
  create: {
    trips: 1,
    written: 2,
    doRequests: 1,
    why: "the session and its greeting; the queue hears",
  },
  post: { trips: 1, written: 2, doRequests: 1, why: "the message and the session's seq; its room" },
  read: { trips: 1, written: 0, doRequests: 0, why: "one batch: the session and its page" },
  page: { trips: 1, written: 0, doRequests: 0, why: "one keyset page" },
  claim: {
    trips: 1,
    written: 2,
    doRequests: 1,
    why: "the session and a system message; the queue",
  },
  escalate: { trips: 1, written: 2, doRequests: 1, why: "the session and a system message" },
  transfer: { trips: 1, written: 2, doRequests: 1, why: "the session and a system message" },
  resolve: { trips: 1, written: 2, doRequests: 1, why: "the session and a system message" },
  rate: { trips: 1, written: 1, doRequests: 0, why: "the session" },
};

/** One request line of the Worker's log. */
export function requestLines(text) {
  const lines = [];
  for (const line of text.split("\n")) {
    const start = line.indexOf("{");
    if (start < 0 || !line.includes('"message":"request"')) continue;
    try {
      lines.push(JSON.parse(line.slice(start)));
    } catch {
      // a line that only looked like one
    }
  }
  return lines;
}

/** The database's size after the last of these requests that read or wrote it. */
const lastSize = (lines) =>
  lines
    .map((line) => line.d1_size_after)
    .filter((size) => typeof size === "number")
    .at(-1) ?? 0;

/**
 * Runs the operations against `server` (from test/browser/server.mjs: origin, pid, signing, log).
 * `mint(claims)` answers a token signed with the server's key.
 */
export async function runCost(server, mint) {
  const call = async (method, path, { token, body } = {}) => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(body && { "Content-Type": "application/json" }),
      },
      body: body && JSON.stringify(body),
    });
    if (response.status >= 400) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response.json();
  };
  const supervisor = await mint({ subject: "cost-sam", role: "supervisor", name: "Sam" });
  const results = [];
  await call("GET", "/health"); // the database's size before any operation
  await sleep(500);

  /** Runs `op` TIMES times (i = 0..TIMES-1), then reads its log lines and CPU. */
  const measure = async (name, method, pathPattern, op) => {
    const before = requestLines(server.log.text);
    const seen = before.length;
    const cpuBefore = await groupCpuMs(server.pid);
    for (let i = 0; i < TIMES; i++) await op(i);
    const cpuMs = (await groupCpuMs(server.pid)) - cpuBefore;
    await sleep(1_000); // the log line follows the fan-out, after the answer
    const lines = requestLines(server.log.text)
      .slice(seen)
      .filter((line) => line.method === method && pathPattern.test(line.path));
    if (lines.length < TIMES) throw new Error(`${name}: ${lines.length} of ${TIMES} log lines`);
    const m = (field) => median(lines.map((line) => line[field]));
    // Growth of the database over the operation's requests (D1's size after each: whole pages).
    const grown = lastSize(requestLines(server.log.text)) - lastSize(before);
    results.push({
      name,
      trips: m("d1_round_trips"),
      read: m("d1_rows_read"),
      written: m("d1_rows_written"),
      doRequests: m("do_requests"),
      cpuMs: cpuMs / TIMES,
      bytes: grown / TIMES,
    });
  };

  const sessions = [];
  await measure("create", "POST", /^\/sessions$/, async () => {
    const started = await call("POST", "/sessions");
    sessions.push({
      id: started.id,
      token: started.customer_token.token,
      customer: started.customer,
    });
  });
  await measure("post", "POST", /^\/sessions\/[^/]+\/messages$/, async (i) => {
    const { id, token } = sessions[i];
    await call("POST", `/sessions/${id}/messages`, { token, body: { content: `question ${i}` } });
  });
  await measure("read", "GET", /^\/sessions\/[^/]+$/, async (i) => {
    const { id, token } = sessions[i];
    await call("GET", `/sessions/${id}?limit=10`, { token });
  });
  await measure("page", "GET", /^\/sessions\/[^/]+\/messages$/, async (i) => {
    const { id, token } = sessions[i];
    await call("GET", `/sessions/${id}/messages?before_seq=3&limit=10`, { token });
  });
  // One agent per claim (an agent holds at most AGENT_DEFAULT_CAPACITY sessions).
  const holders = [];
  await measure("claim", "POST", /^\/queue\/claim$/, async (i) => {
    const token = await mint({
      subject: `cost-agent-${i}`,
      role: "service_agent",
      name: `Agent ${i}`,
    });
    const claimed = await call("POST", "/queue/claim", { token });
    holders.push({ id: claimed.id, token });
  });
  await measure("escalate", "POST", /^\/sessions\/[^/]+\/escalate$/, async (i) => {
    const { id, token } = holders[i];
    await call("POST", `/sessions/${id}/escalate`, { token, body: { reason: "measured" } });
  });
  await measure("transfer", "POST", /^\/sessions\/[^/]+\/transfer$/, async (i) => {
    const { id, token } = holders[i];
    await call("POST", `/sessions/${id}/transfer`, {
      token,
      body: { agent_id: `cost-other-${i}` },
    });
  });
  await measure("resolve", "POST", /^\/sessions\/[^/]+\/resolve$/, async (i) => {
    await call("POST", `/sessions/${holders[i].id}/resolve`, { token: supervisor, body: {} });
  });
  const tokenOf = new Map(sessions.map((s) => [s.id, s.token]));
  await measure("rate", "POST", /^\/sessions\/[^/]+\/rating$/, async (i) => {
    const { id } = holders[i];
    await call("POST", `/sessions/${id}/rating`, { token: tokenOf.get(id), body: { score: 5 } });
  });

  const cost = (r) =>
    PRICES.workerRequest +
    r.cpuMs * PRICES.workerCpuMs +
    r.read * PRICES.d1RowRead +
    r.written * PRICES.d1RowWritten +
    r.doRequests * PRICES.doRequest;
  console.log(
    `\nCost per operation (medians of ${TIMES}; least = what the operation needs at the least)`,
  );
  printTable(
    [
      "operation",
      "D1 trips",
      "rows read",
      "rows written",
      "DO req",
      "cpu/req",
      "D1 bytes",
      "least trips/written/DO",
      "$ per million",
    ],
    results.map((r) => {
      const least = LEAST[r.name];
      return [
        r.name,
        `${r.trips}`,
        `${r.read}`,
        `${r.written}`,
        `${r.doRequests}`,
        `${fmt(r.cpuMs, 2)} ms`,
        `${fmt(r.bytes, 0)}`,
        `${least.trips}/${least.written}/${least.doRequests}`,
        `$${fmt(cost(r) * 1e6, 2)}`,
      ];
    }),
  );
  const post = results.find((r) => r.name === "post");
  console.log(
    `\nA million customer messages: $${fmt(cost(post) * 1e6, 2)} (Worker request $${fmt(PRICES.workerRequest * 1e6, 2)}, CPU $${fmt(post.cpuMs * PRICES.workerCpuMs * 1e6, 2)}, D1 writes $${fmt(post.written * PRICES.d1RowWritten * 1e6, 2)}, D1 reads $${fmt(post.read * PRICES.d1RowRead * 1e6, 4)}, Durable Objects $${fmt(post.doRequests * PRICES.doRequest * 1e6, 2)}).`,
  );
  console.log(
    "cpu/req: CPU time of the whole `wrangler dev` process group (Worker, local D1, proxy) per request: an upper bound of the Worker's own.",
  );
  await recordPart("cost", { times: TIMES, prices: PRICES, results });
  return results;
}
