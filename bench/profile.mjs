// `npm run bench:profile`: where our Worker's
// CPU time goes per request. Bundles ours like `wrangler deploy`, runs it under `wrangler dev` on a fresh
// local D1, samples the Worker's isolate with the V8 CPU profiler (through wrangler's inspector port)
// while autocannon drives one scenario, and attributes the samples to the packages of the bundle.
// Settings (env): PROFILE_DURATION seconds (5), PROFILE_SCENARIO read|post|create|page (read),
// PROFILE_OUT a file to save the raw .cpuprofile to (opens in Chrome DevTools).
// Only the Worker's own JavaScript is sampled: the local D1 runs in another isolate.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import autocannon from "autocannon";
import { bundleWorker, persistArgs, runMain, startDev, wrangler } from "./dev.mjs";
import { keyArgs, newSecret, ROOT, writeBenchConfig } from "./setup.mjs";

const DURATION = Number(process.env.PROFILE_DURATION ?? 5);
const SCENARIO = process.env.PROFILE_SCENARIO ?? "read";

async function main(dir) {
  process.env.WRANGLER_SEND_METRICS = "false";
  const { script } = await bundleWorker(join(dir, "bundle"), join(ROOT, "wrangler.toml"));
  // Like the bench: AUTH_REQUIRED on, a fresh key, the rate limits raised in a copy of the config.
  const worker = {
    name: "ours",
    config: await writeBenchConfig(dir),
    extraArgs: ["--var", "LOG_LEVEL:warn", ...keyArgs(newSecret())],
    readyPath: "/health",
    persistDir: join(dir, "state"),
    logPath: join(dir, "dev.log"),
  };
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);
  const base = worker.url;

  const session = await (await fetch(`${base}/sessions`, { method: "POST" })).json();
  const body = JSON.stringify({ author_type: "customer", content: "hello" });
  const authorization = `Bearer ${session.customer_token.token}`;
  const post = {
    method: "POST",
    path: `/sessions/${session.id}/messages`,
    headers: { "content-type": "application/json", authorization },
    body,
  };
  for (let i = 0; i < 9; i++) await fetch(base + post.path, post);
  const get = (path) => ({ method: "GET", path, headers: { authorization } });
  const requests = {
    read: [get(`/sessions/${session.id}?limit=10`)],
    page: [get(`/sessions/${session.id}/messages?after_seq=0&limit=10`)],
    post: [post],
    create: [{ method: "POST", path: "/sessions" }],
  }[SCENARIO];
  if (!requests)
    throw new Error(`PROFILE_SCENARIO must be read, page, post or create, not ${SCENARIO}`);

  // Warm up (JIT, first-request app construction) before sampling.
  await autocannon({ url: base, connections: 10, duration: 2, requests });
  const inspector = await connectInspector(worker.inspectorPort);
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.send("Profiler.start");
  const load = await autocannon({ url: base, connections: 10, duration: DURATION, requests });
  const { profile } = await inspector.send("Profiler.stop");
  inspector.close();
  if (process.env.PROFILE_OUT) await writeFile(process.env.PROFILE_OUT, JSON.stringify(profile));

  const modules = moduleMap(await readFile(script, "utf8"));
  report(
    profile,
    modules,
    load.requests.total,
    `${SCENARIO}: ${load.requests.total} requests, ${load.non2xx} non-2xx`,
  );
}

/** esbuild marks where each module starts with a `// path` comment: line -> package (or src file). */
function moduleMap(source) {
  const starts = [];
  source.split("\n").forEach((line, index) => {
    const match = line.match(/^\/\/ ((?:node_modules\/)?\S+\.(?:js|mjs|cjs|ts))$/);
    if (match) starts.push({ line: index, name: packageOf(match[1]) });
  });
  return (line) => {
    let name = "(bundle prelude)";
    for (const start of starts) {
      if (start.line > line) break;
      name = start.name;
    }
    return name;
  };
}

function packageOf(path) {
  const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return match ? match[1] : path;
}

/** Self time per package and per function, and inclusive time per package, in microseconds per request. */
function report(profile, moduleOf, requests, title) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node) => {
    const { url, lineNumber, functionName } = node.callFrame;
    if (url.endsWith("index.js")) return moduleOf(lineNumber);
    if (!url) return functionName.startsWith("(") ? functionName : "(native)";
    return url;
  };
  const self = new Map();
  const inclusive = new Map();
  const functions = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    add(self, label(node), us);
    const fn = node.callFrame;
    add(functions, `${fn.functionName || "(anonymous)"} [${label(node)}:${fn.lineNumber + 1}]`, us);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(label(byId.get(at)));
    for (const name of seen) add(inclusive, name, us);
  });
  const busy = [...self]
    .filter(([name]) => name !== "(idle)" && name !== "(program)")
    .reduce((s, [, us]) => s + us, 0);
  const perRequest = (us) => `${(us / requests).toFixed(0).padStart(6)} us/req`;
  console.log(`\n${title}; Worker JS busy ${perRequest(busy)} (idle and (program) excluded)\n`);
  const top = (map, n) =>
    [...map]
      .filter(([k]) => k !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, n);
  console.log("self time by package:");
  for (const [name, us] of top(self, 15)) console.log(`  ${perRequest(us)}  ${name}`);
  console.log("\ninclusive time by package (stack contains it):");
  for (const [name, us] of top(inclusive, 15)) console.log(`  ${perRequest(us)}  ${name}`);
  console.log("\ninclusive time of our own functions:");
  const ours = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      const name = label(node);
      if (name.startsWith("src/"))
        seen.add(`${node.callFrame.functionName || "(anonymous)"} [${name}]`);
    }
    for (const name of seen) add(ours, name, profile.timeDeltas[i] ?? 0);
  });
  for (const [name, us] of top(ours, 20)) console.log(`  ${perRequest(us)}  ${name}`);
  console.log("\nhottest functions (self):");
  for (const [name, us] of top(functions, 25)) console.log(`  ${perRequest(us)}  ${name}`);
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function connectInspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  // Node's WebSocket takes extra headers; wrangler's inspector proxy refuses a connection without an allowed Origin.
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, {
    headers: { origin: "http://127.0.0.1" },
  });
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

await runMain("profile", "support-chat-profile-", main);
