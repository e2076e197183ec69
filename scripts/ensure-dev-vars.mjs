// `npm run dev` needs a signing secret: create .dev.vars with a random one if it is missing.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const path = join(import.meta.dirname, "..", ".dev.vars");
if (!existsSync(path)) {
  const kid = `dev-${new Date().toISOString().slice(0, 10)}`;
  writeFileSync(
    path,
    `# Local secrets (ignored by git), created by scripts/ensure-dev-vars.mjs.\nAUTH_SIGNING_KEYS=${kid}:${randomBytes(32).toString("base64url")}\n`,
    { mode: 0o600 },
  );
  console.log("Created .dev.vars with a random AUTH_SIGNING_KEYS for local development.");
}
