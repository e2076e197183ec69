import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      UNMIGRATED_DB: D1Database;
      UPGRADE_DB: D1Database;
      KEYED_UPGRADE_DB: D1Database;
      QUEUE_UPGRADE_DB: D1Database;
      TEST_WRANGLER_VARS: string[];
    }
  }
}
