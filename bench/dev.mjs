// Shared by bench/run.mjs, bench/live.mjs and bench/profile.mjs: running wrangler (to completion, or as a
// `wrangler dev` server in its own process group), stopping whatever was started, and running a
// script's main in a temporary work directory.
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, open, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./setup.mjs";

const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
/** Every child still running: wrangler calls and dev servers. */
const children = new Set();

/**
 * Builds the Worker of wrangler config `config` exactly as `wrangler deploy` would, into `outdir`; a dev
 * server then runs this bundle, so edits to src/ during the run change nothing.
 */
export async function bundleWorker(outdir, config) {
  const output = await wrangler([
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "-c",
    config,
    "--env",
    "",
  ]);
  const match = output.match(/Total Upload:\s*([\d.]+ \w+)\s*\/\s*gzip:\s*([\d.]+ \w+)/);
  if (!match) throw new Error(`no size in wrangler's output:\n${output}`);
  const script = (await readdir(outdir)).find((file) => file.endsWith(".js"));
  return { totalUpload: match[1], gzip: match[2], script: join(outdir, script) };
}

/** `--env ""` picks ours' top-level environment (and silences wrangler's warning about several). */
export function persistArgs(worker) {
  return [
    "--persist-to",
    worker.persistDir,
    "-c",
    worker.config,
    ...(worker.name.startsWith("ours") ? ["--env", ""] : []),
  ];
}

/**
 * Starts `wrangler dev` for `worker` ({name, config, extraArgs, readyPath, persistDir, logPath, and
 * optionally logLevel: "warn" unless said}) and
 * waits until `readyPath` answers; sets worker.port, worker.url, worker.inspectorPort (V8 inspector)
 * and worker.pid (its process group).
 */
export async function startDev(worker, script) {
  worker.port = await freePort();
  worker.inspectorPort = await freePort();
  const log = await open(worker.logPath, "w");
  const args = [
    WRANGLER,
    "dev",
    ...(script ? [script, "--no-bundle"] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(worker.port),
    "--inspector-port",
    String(worker.inspectorPort),
    "--log-level",
    worker.logLevel ?? "warn",
    "--show-interactive-dev-session=false",
    ...persistArgs(worker),
    ...worker.extraArgs,
  ];
  // Its own process group, so that cleanup also reaches workerd, which wrangler starts.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", log.fd, log.fd],
  });
  child.isGroupLeader = true;
  worker.pid = child.pid;
  worker.child = child;
  children.add(child);
  child.on("exit", () => children.delete(child));
  await log.close(); // the child holds its own copy
  worker.url = `http://127.0.0.1:${worker.port}`;

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(worker.url + worker.readyPath, {
        signal: AbortSignal.timeout(2_000),
      });
      await res.arrayBuffer();
      if (worker.readyPath === "/" || res.ok) {
        console.log(`${worker.name}: wrangler dev on ${worker.url}`);
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  const logText = await readFile(worker.logPath, "utf8");
  throw new Error(
    `${worker.name}: wrangler dev did not answer; the end of its log:\n${logText.slice(-3_000)}`,
  );
}

/** Stops one dev server (its whole process group) and waits up to 10 s for it to exit. */
export async function stopDev(worker) {
  const child = worker.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
  await Promise.race([exited, sleep(10_000)]);
  children.delete(child);
}

/** Runs a SQL file against `worker`'s local D1 (its triggers included). */
export function executeSqlFile(worker, file) {
  return wrangler([
    "d1",
    "execute",
    "DB",
    "--local",
    "--yes",
    "--file",
    file,
    ...persistArgs(worker),
  ]);
}

/** Runs wrangler to completion; resolves with its output, rejects with it on a non-zero exit. */
export function wrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      children.delete(child);
      if (code === 0) resolve(output);
      else
        reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Stops every child this process started (SIGTERM). */
export function cleanup() {
  for (const child of children) {
    try {
      // A dev server leads its own group (workerd included); a plain wrangler call is killed alone.
      if (child.isGroupLeader) process.kill(-child.pid, "SIGTERM");
      else child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
  children.clear();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a script's `main(workDir)` in a fresh temporary directory (named `prefix` + random): stops every
 * child on SIGINT, SIGTERM and exit; on an error prints "<name> failed" and sets exit code 1; then stops
 * the children, waits a second and removes the directory.
 */
export async function runMain(name, prefix, main) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  process.on("exit", cleanup);
  let workDir;
  try {
    workDir = await mkdtemp(join(tmpdir(), prefix));
    await main(workDir);
  } catch (error) {
    console.error(`\n${name} failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    cleanup();
    await sleep(1_000); // lets workerd close its SQLite files before they are removed
    if (workDir) await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (ms) used so far by a dev server's process group (wrangler and its workerd processes), from
 * /proc. Unlike req/s it barely depends on what else runs on the machine; NaN where /proc is missing.
 */
export async function groupCpuMs(groupId) {
  let ticks = 0;
  let entries;
  try {
    entries = await readdir("/proc");
  } catch {
    return Number.NaN;
  }
  for (const pid of entries.filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      // Fields after "(comm)": state, ppid, pgrp, ... utime (14th field), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === groupId) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}
