import { defineConfig } from "drizzle-kit";

// Only generates SQL into drizzle/; `wrangler d1 migrations apply` applies it (never drizzle-kit push/migrate).
export default defineConfig({
  dialect: "sqlite",
  schema: ["./src/core/db/schema.ts", "./src/features/*/tables.ts"],
  out: "./drizzle",
});
