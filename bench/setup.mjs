// Shared by bench/run.mjs, bench/live.mjs and bench/profile.mjs: the service's config for a bench run, its signing key,
// and tokens minted with that key.
import { randomBytes } from "node:crypto";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const KID = "bench";
/** Issuer and audience of the service's tokens: the defaults of src/platform/config/config.ts (the baseline's config repeats them). */
const ISSUER = "support-chat";
const AUDIENCE = "support-chat";
const RAISED_LIMIT = 1_000_000_000;

/** A fresh signing secret for one run: 32 random bytes, base64url (43 characters). */
export function newSecret() {
  return randomBytes(32).toString("base64url");
}

/** `--var` arguments that give a worker the run's signing key (AUTH_REQUIRED stays true). */
export function keyArgs(secret) {
  return ["--var", `AUTH_SIGNING_KEYS:${KID}:${secret}`];
}

/**
 * A copy of a Worker's wrangler config for a bench run (`source`, relative to the repo root: ours by
 * default), written to `dir`: every Workers Rate Limiting `limit` raised far above what the bench sends
 * (the real ones allow 20 sessions a minute), and every path absolute so that the copy works from
 * anywhere. The original is not touched.
 * The static assets are served from a snapshot in `dir`: `wrangler dev` watches the assets directory
 * and restarts the Worker when it changes (as `npm run assets`, run by `npm test`, does), which would
 * drop every live socket and fail requests in the middle of a run. `assets: false` leaves them out;
 * `main` (relative to the config) replaces its entry point.
 */
export async function writeBenchConfig(
  dir,
  source = "wrangler.toml",
  { assets: keepAssets = true, main } = {},
) {
  const original = await readFile(join(ROOT, source), "utf8");
  const base = dirname(join(ROOT, source));
  const assets = join(dir, "assets-snapshot");
  let limits = 0;
  const assetDirs = [];
  const text = (keepAssets ? original : original.replace(/^\[assets\]\n(\w+ = .*\n)*/m, ""))
    .replace(/^(simple\s*=\s*\{\s*limit\s*=\s*)\d+/gm, (_, head) => {
      limits++;
      return `${head}${RAISED_LIMIT}`;
    })
    .replace(
      /^(main\s*=\s*)"([^"]+)"/m,
      (_, head, path) => `${head}${JSON.stringify(join(base, main ?? path))}`,
    )
    .replace(
      /^(migrations_dir\s*=\s*)"([^"]+)"/gm,
      (_, head, path) => `${head}${JSON.stringify(join(base, path))}`,
    )
    .replace(/^(directory\s*=\s*)"([^"]+)"/gm, (_, head, path) => {
      assetDirs.push(join(base, path));
      return `${head}${JSON.stringify(assets)}`;
    })
    .replace(/^#:schema .*\n/m, "");
  const ratelimitBlocks = (original.match(/^\[\[(env\.\w+\.)?ratelimits\]\]/gm) ?? []).length;
  if (limits === 0 || limits !== ratelimitBlocks) {
    throw new Error(
      `${source}: raised ${limits} rate limits but found ${ratelimitBlocks} [[ratelimits]] blocks; update bench/setup.mjs`,
    );
  }
  if (new Set(assetDirs).size > 1) {
    throw new Error(`${source}: several assets directories; update bench/setup.mjs`);
  }
  if (assetDirs.length) await cp(assetDirs[0], assets, { recursive: true });
  const file = join(dir, source.replaceAll("/", "_"));
  await writeFile(file, text);
  return file;
}

/** A token as the service issues it (HS256, kid "bench"), valid for four hours. */
export function mintToken(secret, claims) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", kid: KID, typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 4 * 3600)
    .sign(new TextEncoder().encode(secret));
}

/** A customer's token for one session, like the `customer_token` POST /sessions answers with. */
export function customerToken(secret, sessionId, customerId) {
  return mintToken(secret, { sub: customerId, role: "customer", sid: sessionId });
}

/** Merges one part of a run (`live`, `responder`) into bench/results/latest.json, keeping the rest. */
export async function recordPart(key, value) {
  const file = join(ROOT, "bench/results/latest.json");
  let previous = {};
  try {
    previous = JSON.parse(await readFile(file, "utf8"));
  } catch {
    // none yet
  }
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...previous, [key]: value }, null, 2)}\n`);
}
