// Prints a token signed with the service's own key, for development:
//   npm run token -- --role service_agent --sub alice [--name "Alice"] [--ttl 3600] [--sid <session id>]
// It reads AUTH_SIGNING_KEYS from the environment or .dev.vars, and the issuer, audience and maximum
// TTL from wrangler.toml's [vars].
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROLES, type Role } from "../src/platform/auth/roles.ts";
import { issueToken } from "../src/platform/auth/token-issuer.ts";

const root = join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    role: { type: "string", default: "service_agent" },
    sub: { type: "string", default: "dev-agent" },
    name: { type: "string" },
    ttl: { type: "string" },
    sid: { type: "string" },
  },
});

/** KEY=value and KEY = "value" lines: enough of .dev.vars and of wrangler.toml's top-level [vars]. */
function readVars(file: string, section?: string): Record<string, string> {
  const path = join(root, file);
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  let current: string | undefined;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const header = /^\s*\[+([^\]]+)\]+/.exec(line);
    if (header) current = header[1];
    const pair = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?([^"]*)"?\s*$/.exec(line);
    if (pair && current === section) vars[pair[1] as string] = pair[2] as string;
  }
  return vars;
}

const vars = { ...readVars("wrangler.toml", "vars"), ...readVars(".dev.vars"), ...process.env };
const keys = (vars.AUTH_SIGNING_KEYS ?? "")
  .split(",")
  .filter(Boolean)
  .map((pair) => ({
    kid: pair.slice(0, pair.indexOf(":")),
    secret: pair.slice(pair.indexOf(":") + 1),
  }));
if (!keys.length) {
  console.error("No AUTH_SIGNING_KEYS in the environment or .dev.vars: run `npm run dev` once.");
  process.exit(1);
}
const role = values.role as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of ${ROLES.join(", ")}`);
  process.exit(1);
}
if (role === "customer" && !values.sid) {
  console.error("A customer token needs --sid <session id> (or start a session: POST /sessions).");
  process.exit(1);
}

const { token, expiresAt } = await issueToken(
  {
    issuer: vars.AUTH_ISSUER ?? "support-chat",
    audience: vars.AUTH_AUDIENCE ?? "support-chat",
    signingKeys: keys,
  },
  {
    subject: values.sub as string,
    role,
    name: values.name,
    sessionId: values.sid,
    ttlSeconds: Number(values.ttl ?? Math.min(3600, Number(vars.MAX_TOKEN_TTL_SECONDS ?? 3600))),
  },
);
console.log(token);
console.error(`role ${role}, sub ${values.sub}, expires ${expiresAt.toISOString()}`);
