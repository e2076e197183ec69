// `node bench/profile.mjs` (from the repo root, Node 22: `npx node bench/profile.mjs`): where our Worker's
// CPU time goes per request. Bundles ours like `wrangler deploy`, runs it under `wrangler dev` on a fresh
// local D1, samples the Worker's isolate with the V8 CPU profiler (through wrangler's inspector port)
// while autocannon drives one scenario, and attributes the samples to the packages of the bundle.
// Settings (env): PROFILE_DURATION seconds (5), PROFILE_SCENARIO read|post|create|page (read),
// PROFILE_OUT a file to save the raw .cpuprofile to (opens in Chrome DevTools).
// Only the Worker's own JavaScript is sampled: the local D1 runs in another isolate.
import { spawn } from "node:child_process";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { keyArgs, newSecret, writeBenchConfig } from "./setup.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const DURATION = Number(process.env.PROFILE_DURATION ?? 5);
const SCENARIO = process.env.PROFILE_SCENARIO ?? "read";
const children = new Set();

async function main() {
  process.env.WRANGLER_SEND_METRICS = "false";
  const dir = await mkdtemp(join(tmpdir(), "support-chat-profile-"));
  try {
    const outdir = join(dir, "bundle");
    await run([
      "deploy",
      "--dry-run",
      "--outdir",
      outdir,
      "-c",
      join(ROOT, "wrangler.toml"),
      "--env",
      "",
    ]);
    // Like the bench: AUTH_REQUIRED on, a fresh key, the rate limits raised in a copy of the config.
    const common = ["-c", await writeBenchConfig(dir), "--env", ""];
    const secret = newSecret();
    const state = ["--persist-to", join(dir, "state")];
    await run(["d1", "migrations", "apply", "DB", "--local", ...state, ...common]);

    const port = await freePort();
    const inspectorPort = await freePort();
    const logPath = join(dir, "dev.log");
    const log = await open(logPath, "w");
    const dev = spawn(
      process.execPath,
      [
        WRANGLER,
        "dev",
        join(outdir, "index.js"),
        "--no-bundle",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspectorPort),
        "--log-level",
        "warn",
        "--show-interactive-dev-session=false",
        "--var",
        "LOG_LEVEL:warn",
        ...keyArgs(secret),
        ...state,
        ...common,
      ],
      { cwd: ROOT, detached: true, stdio: ["ignore", log.fd, log.fd] },
    );
    await log.close();
    dev.isGroupLeader = true;
    children.add(dev);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/health`)).ok).catch(async (error) => {
      throw new Error(
        `${error.message}; the end of its log:\n${(await readFile(logPath, "utf8")).slice(-3_000)}`,
      );
    });

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
    const inspector = await connectInspector(inspectorPort);
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
    await inspector.send("Profiler.start");
    const load = await autocannon({ url: base, connections: 10, duration: DURATION, requests });
    const { profile } = await inspector.send("Profiler.stop");
    inspector.close();
    if (process.env.PROFILE_OUT) await writeFile(process.env.PROFILE_OUT, JSON.stringify(profile));

    const modules = moduleMap(await readFile(join(outdir, "index.js"), "utf8"));
    report(
      profile,
      modules,
      load.requests.total,
      `${SCENARIO}: ${load.requests.total} requests, ${load.non2xx} non-2xx`,
    );
  } finally {
    cleanup();
    await new Promise((r) => setTimeout(r, 1_000));
    await rm(dir, { recursive: true, force: true });
  }
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

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => {
      children.delete(child);
      code === 0
        ? resolve(output)
        : reject(new Error(`wrangler ${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

async function waitFor(check, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("wrangler dev did not become ready");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cleanup() {
  for (const child of children) {
    try {
      if (child.isGroupLeader) process.kill(-child.pid, "SIGTERM");
      else child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
  children.clear();
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
process.on("exit", cleanup);

try {
  await main();
} catch (error) {
  console.error(`profile failed: ${error.stack ?? error}`);
  process.exitCode = 1;
}
