// What the browser tests share: a real `wrangler dev` on a free port with a fresh, migrated local D1
// in a temp dir (so they need no prior state), and Debian's Chromium (never a downloaded browser).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { writeBenchConfig } from "../../bench/setup.mjs";

export const ROOT = join(import.meta.dirname, "..", "..");
/** Where the tests put their screenshots (to look at). */
export const RESULTS = join(ROOT, "test-results");
// wrangler's own CLI entry, run by this same Node (the `node` devDependency under npm scripts).
const WRANGLER = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Migrating and starting may take this long on a busy machine (it has taken over 60 s). */
export const STARTUP_MS = 120_000;
/**
 * How long a page may take to show what a step waits for: generous, since CI and shared machines run
 * several servers and browsers at once (a first load there has taken over 15 s); a passing step
 * waits only as long as it needs.
 */
export const WAIT = { timeout: 30_000 };
// The assets are built once before the tests (npm run test:browser); each server must not rebuild them.
const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CI: "1",
  NO_COLOR: "1",
  SKIP_ASSET_BUILD: "1",
};

/** A port nothing listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function wrangler(args) {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: wranglerEnv,
    encoding: "utf8",
    timeout: STARTUP_MS,
  });
  assert.equal(
    result.status,
    0,
    `wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`,
  );
}

/**
 * Starts `wrangler dev` with its own signing key, `vars` on top, and the local database migrated
 * (and loaded with `sqlFiles`). It runs a copy of wrangler.toml with the rate limits raised (tests of
 * the limits are vitest's; a page test starts more sessions a minute than one person would) and the
 * assets snapshotted, so that nothing restarts it mid-test. Answers its origin, the signing settings,
 * its log, and `stop`. A port taken between choosing it and binding it is chosen again.
 */
export async function startServer({ vars = {}, sqlFiles = [] } = {}, attempt = 1) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const persistDir = mkdtempSync(join(tmpdir(), "support-chat-browser-"));
  const configArgs = ["--config", await writeBenchConfig(persistDir)];
  wrangler([
    "d1",
    "migrations",
    "apply",
    "DB",
    "--local",
    "--persist-to",
    persistDir,
    ...configArgs,
  ]);
  for (const file of sqlFiles) {
    wrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      persistDir,
      "--file",
      file,
      ...configArgs,
    ]);
  }
  const signing = {
    issuer: "support-chat",
    audience: "support-chat",
    signingKeys: [{ kid: "browser-test", secret: randomBytes(32).toString("base64url") }],
    /** The site's secret for its users' identities (what a site's server signs them with). */
    identityKey: { kid: "site", secret: randomBytes(32).toString("base64url") },
  };
  const allVars = {
    // A signing key of this run only: the service refuses to start without one.
    AUTH_SIGNING_KEYS: `${signing.signingKeys[0].kid}:${signing.signingKeys[0].secret}`,
    IDENTITY_SIGNING_KEYS: `${signing.identityKey.kid}:${signing.identityKey.secret}`,
    ...vars,
  };
  const server = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(await freePort()),
      "--persist-to",
      persistDir,
      "--show-interactive-dev-session=false",
      ...configArgs,
      ...Object.entries(allVars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { cwd: ROOT, env: wranglerEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log = { text: "" };
  server.stdout.on("data", (chunk) => {
    log.text += chunk;
  });
  server.stderr.on("data", (chunk) => {
    log.text += chunk;
  });
  const alive = () => server.exitCode === null && server.signalCode === null;
  // Last resort if the test process dies before `stop` runs: never leave a workerd behind.
  process.on("exit", () => {
    if (!alive()) return;
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {}
  });

  /** Stops `wrangler dev` and everything it started (workerd), via its process group. */
  const stop = async () => {
    if (alive()) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      try {
        process.kill(-server.pid, "SIGTERM");
        const timer = setTimeout(() => {
          try {
            process.kill(-server.pid, "SIGKILL");
          } catch {}
        }, 5_000);
        await exited;
        clearTimeout(timer);
      } catch {
        // already gone
      }
    }
    rmSync(persistDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + STARTUP_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!alive()) {
      if (attempt < 3 && /EADDRINUSE|address already in use/i.test(log.text)) {
        await stop();
        return startServer({ vars, sqlFiles }, attempt + 1);
      }
      assert.fail(`wrangler dev exited (${server.exitCode ?? server.signalCode}):\n${log.text}`);
    }
    try {
      const response = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return { origin, port, pid: server.pid, signing, log, stop };
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error?.cause?.code ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  assert.fail(`GET /health did not answer 200 within ${STARTUP_MS} ms (${last}):\n${log.text}`);
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

/** Debian's Chromium, headless, kept off the network beyond what the page asks for. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * The same, with a profile of its own in `dir`: a browser as people use it, not an incognito one
 * (incognito blocks a third-party frame's storage, where an embedded widget keeps its session).
 * Debian's Chromium blocks third-party cookies, and with them that storage, in every profile by
 * default: this one allows them (cookie_controls_mode 0), as most people's browsers do.
 */
export function launchProfile(dir, options = {}) {
  mkdirSync(join(dir, "Default"), { recursive: true });
  writeFileSync(
    join(dir, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    ...options,
  });
}

/**
 * A test file's server and browser: registers the hooks that start `wrangler dev` with `options`
 * (startServer's, or an async function answering them, for vars naming a fake started first) and
 * Chromium, then runs `setup` (the file's seeding); after, closes the browser, stops the server and
 * runs `teardown`. Answers an object whose `server` and `browser` are set once started.
 */
export function withServerAndBrowser(options = {}, { setup, teardown } = {}) {
  const started = { server: undefined, browser: undefined };
  before(
    async () => {
      mkdirSync(RESULTS, { recursive: true });
      started.server = await startServer(typeof options === "function" ? await options() : options);
      started.browser = await launchBrowser();
      await setup?.(started);
    },
    { timeout: 2 * STARTUP_MS },
  );
  after(async () => {
    await started.browser?.close().catch(() => {});
    await started.server?.stop();
    await teardown?.(started);
  });
  return started;
}
