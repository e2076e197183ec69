import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("drizzle");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, a signing key made for this run, a D1
          // database never migrated (for 503s), and rate limits that only the rate-limit tests reach.
          bindings: {
            TEST_MIGRATIONS: migrations,
            AUTH_SIGNING_KEYS: `test-current:${randomSecret()},test-previous:${randomSecret()}`,
            // Small enough for a test to reach the per-session socket limit.
            LIVE_MAX_SOCKETS: "12",
          },
          d1Databases: { DB: "support-chat", UNMIGRATED_DB: "unmigrated" },
          ratelimits: {
            SESSION_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 100_000, period: 60 } },
            MESSAGE_RATE_LIMITER: { namespace_id: "1002", simple: { limit: 100_000, period: 60 } },
            TIGHT_RATE_LIMITER: { namespace_id: "1003", simple: { limit: 3, period: 10 } },
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      // Log lines of passing tests are noise; a failing test shows its own.
      silent: "passed-only" as const,
    },
  };
});

function randomSecret() {
  return `${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll("-", "");
}
