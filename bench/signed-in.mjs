// What the black-box checks of signed-in customers share (identity-check, email-check): a fresh
// Worker of ours under `wrangler dev` (the bundle `wrangler deploy` would ship, local D1 migrated)
// with a signing key and a site's identity key of this run, a client of its API, and the site's
// signature of a user's identity.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { SignJWT } from "jose";
import { bundleWorker, persistArgs, startDev, wrangler } from "./dev.mjs";
import { keyArgs, newSecret, ROOT, writeBenchConfig } from "./setup.mjs";

/** Starts the Worker with `vars` on top; answers it, its secrets, `api` and `signIdentity`. */
export async function startSignedIn(workDir, name, { vars = {}, logLevel } = {}) {
  process.env.WRANGLER_SEND_METRICS = "false";
  await mkdir(join(workDir, "state"), { recursive: true });
  const secret = newSecret();
  const siteSecret = newSecret();
  const allVars = { IDENTITY_SIGNING_KEYS: `site:${siteSecret}`, ...vars };
  const worker = {
    name,
    config: await writeBenchConfig(workDir),
    extraArgs: [
      ...keyArgs(secret),
      ...Object.entries(allVars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
    ],
    ...(logLevel && { logLevel }),
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  const { script } = await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);

  const latencies = [];
  /** A request; a 5xx throws (no check may pass over one). */
  const api = async (method, path, body, token) => {
    const started = performance.now();
    const response = await fetch(`${worker.url}${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    latencies.push(performance.now() - started);
    const text = await response.text();
    if (response.status >= 500) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  /** The site's signature of its user `sub` (`key`: another secret, to forge one). */
  const signIdentity = (sub, claims = {}, key = siteSecret) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "site" })
      .setSubject(sub)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(key));
  };
  return { worker, script, secret, api, signIdentity, latencies };
}
