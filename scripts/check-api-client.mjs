// `npm run check:api-client` (part of `npm run check`): a client generated from the service's OpenAPI
// document, as a third party would generate one (openapi-typescript, default options), must type-check
// the program in test/api-client/client.ts, which uses it the way a person would. The document comes
// from the Worker itself, bundled by esbuild and asked for /openapi.json in this Node process with the
// vars of wrangler.toml; the types are written to test/api-client/openapi.d.ts (not committed).
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import openapiTS, { astToString } from "openapi-typescript";
import { experimental_readRawConfig } from "wrangler";

const ROOT = join(import.meta.dirname, "..");
const CLIENT = join(ROOT, "test", "api-client");

/** The Worker's default export, bundled for Node (its Durable Object base class stubbed). */
async function loadWorker(dir) {
  const outfile = join(dir, "worker.mjs");
  await build({
    entryPoints: [join(ROOT, "src", "index.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    logLevel: "error",
    plugins: [
      {
        name: "cloudflare-workers",
        setup(build) {
          build.onResolve({ filter: /^cloudflare:workers$/ }, () => ({
            path: "cloudflare:workers",
            namespace: "stub",
          }));
          build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
            contents: "export class DurableObject {}",
          }));
        },
      },
    ],
  });
  return (await import(pathToFileURL(outfile).href)).default;
}

async function openApiDocument(worker) {
  const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") });
  // Answering with the document reads no binding: repositories only prepare their statements, and
  // the signing key only lets the configuration parse.
  const statement = { bind: () => statement };
  const DB = { prepare: () => statement, withSession: () => DB, getBookmark: () => null };
  const keys = `doc:${"k".repeat(32)}`;
  const env = { ...rawConfig.vars, DB, AUTH_SIGNING_KEYS: keys, LOG_LEVEL: "warn" };
  const ctx = { waitUntil() {}, passThroughOnException() {} };
  const response = await worker.fetch(new Request("http://localhost/openapi.json"), env, ctx);
  if (response.status !== 200)
    throw new Error(`/openapi.json: ${response.status} ${await response.text()}`);
  return response.json();
}

const dir = await mkdtemp(join(tmpdir(), "support-chat-api-client-"));
try {
  const doc = await openApiDocument(await loadWorker(dir));
  await writeFile(join(CLIENT, "openapi.d.ts"), astToString(await openapiTS(doc)));
} finally {
  await rm(dir, { recursive: true, force: true });
}

const tsc = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin",
  "tsc",
);
const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", CLIENT], { stdio: "inherit" });
if (result.status !== 0) {
  console.error(
    "The client generated from /openapi.json does not type-check test/api-client/client.ts.",
  );
  process.exit(1);
}
