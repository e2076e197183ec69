import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { experimental_readRawConfig } from "wrangler";

const RATE_LIMIT_TESTS = "test/rate-limit.test.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("drizzle");
  const signingKeys = `test-current:${randomSecret()},test-previous:${randomSecret()}`;
  // Every var wrangler.toml sets, in any environment: test/config.test.ts checks each is one the
  // service reads (with defaults for all, a misspelt var would otherwise be ignored in silence).
  const { rawConfig } = experimental_readRawConfig({ config: "wrangler.toml" });
  const environments = [rawConfig, ...Object.values(rawConfig.env ?? {})];
  const wranglerVars = [...new Set(environments.flatMap((e) => Object.keys(e.vars ?? {})))];

  /** One project: the Worker as wrangler.toml describes it, with these rate limits (per period). */
  const project = (
    name: string,
    files: { include: string[]; exclude?: string[] },
    limits: { sessions: number; messages: number; periodSeconds: 10 | 60 },
  ) => ({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, a signing key made for this run.
          bindings: {
            TEST_MIGRATIONS: migrations,
            AUTH_SIGNING_KEYS: signingKeys,
            // Small enough for a test to reach the per-session socket limit.
            LIVE_MAX_SOCKETS: "12",
            RATE_LIMIT_PERIOD_SECONDS: String(limits.periodSeconds),
            TEST_WRANGLER_VARS: wranglerVars,
          },
          // UNMIGRATED_DB stays empty (for 503s); UPGRADE_DB is migrated step by step by a test.
          d1Databases: { DB: "support-chat", UNMIGRATED_DB: "unmigrated", UPGRADE_DB: "upgrade" },
          ratelimits: {
            SESSION_RATE_LIMITER: {
              namespace_id: "1001",
              simple: { limit: limits.sessions, period: limits.periodSeconds },
            },
            MESSAGE_RATE_LIMITER: {
              namespace_id: "1002",
              simple: { limit: limits.messages, period: limits.periodSeconds },
            },
          },
        },
      }),
    ],
    test: {
      name,
      ...files,
      setupFiles: ["./test/apply-migrations.ts"],
      // Log lines of passing tests are noise; a failing test shows its own.
      silent: "passed-only" as const,
    },
  });

  return {
    test: {
      projects: [
        // Limits no test reaches by accident.
        project(
          "service",
          { include: ["test/**/*.test.ts"], exclude: [RATE_LIMIT_TESTS] },
          { sessions: 100_000, messages: 100_000, periodSeconds: 60 },
        ),
        // Limits the rate-limit tests reach: over REST, over sockets, and back after the window.
        project(
          "rate-limits",
          { include: [RATE_LIMIT_TESTS] },
          { sessions: 3, messages: 3, periodSeconds: 10 },
        ),
      ],
    },
  };
});

function randomSecret() {
  return `${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll("-", "");
}
