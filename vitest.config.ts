import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("drizzle");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, and a D1 database never migrated (for 503s).
          bindings: { TEST_MIGRATIONS: migrations },
          d1Databases: { DB: "support-chat", UNMIGRATED_DB: "unmigrated" },
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
