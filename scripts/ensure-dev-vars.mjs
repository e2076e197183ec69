// `npm run dev` needs signing secrets: create .dev.vars with random ones, or add one that is missing.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const path = join(import.meta.dirname, "..", ".dev.vars");
const kid = `dev-${new Date().toISOString().slice(0, 10)}`;
const secret = (name) => `${name}=${kid}:${randomBytes(32).toString("base64url")}\n`;
const NAMES = ["AUTH_SIGNING_KEYS", "IDENTITY_SIGNING_KEYS"];

if (!existsSync(path)) {
  writeFileSync(
    path,
    `# Local secrets (ignored by git), created by scripts/ensure-dev-vars.mjs.\n${NAMES.map(secret).join("")}`,
    { mode: 0o600 },
  );
  console.log(`Created .dev.vars with random ${NAMES.join(" and ")} for local development.`);
} else {
  const present = readFileSync(path, "utf8");
  for (const name of NAMES) {
    if (!new RegExp(`^${name}=`, "m").test(present)) {
      appendFileSync(path, `${present.endsWith("\n") ? "" : "\n"}${secret(name)}`);
      console.log(`Added a random ${name} to .dev.vars for local development.`);
    }
  }
}
