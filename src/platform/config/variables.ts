import { z } from "zod";
import type { Role } from "../auth/roles";
import { aiVars } from "./ai";
import { flag, list, optional, positiveInt } from "./vars";

// Every variable the service reads, each with its default: wrangler.toml sets only what an
// environment changes. Parsed once, into the Config of config.ts.

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** "kid:secret,kid:secret": the first key signs, every key verifies (rotation). */
const signingKeys = list(
  z
    .string()
    .regex(/^[\w.-]+:.{32,}$/, "must be kid:secret pairs, each secret at least 32 characters"),
).transform((pairs) =>
  pairs.map((pair) => {
    const at = pair.indexOf(":");
    return { kid: pair.slice(0, at), secret: pair.slice(at + 1) };
  }),
);
/** "idp-value:role,idp-value:role": maps the identity provider's claim values to our agent roles. */
const roleMap = list(
  z.string().regex(/^[^:]+:(service_agent|supervisor|admin)$/, "must be value:role pairs"),
).transform((pairs) => Object.fromEntries(pairs.map((pair) => pair.split(":") as [string, Role])));

/**
 * Every variable the service reads, each with its default: wrangler.toml sets only what an
 * environment changes (the README's Configuration table lists them all).
 */
export const varsSchema = z
  .object({
    DEFAULT_MESSAGE: z.string().trim().min(1).default("Hello, how may I help you?"),
    MAX_MESSAGE_LENGTH: positiveInt(100_000).default(4_000),
    MAX_BODY_BYTES: positiveInt(10_000_000).default(32_768),
    DEFAULT_PAGE_SIZE: positiveInt(1_000).default(100),
    MAX_PAGE_SIZE: positiveInt(1_000).default(500),
    CORS_ORIGINS: list(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })])).default(["*"]),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
    AUTH_REQUIRED: flag.default(true),
    PUBLIC_SESSION_CREATION: flag.default(true),
    AUTH_ISSUER: z.string().min(1).default("support-chat"),
    AUTH_AUDIENCE: z.string().min(1).default("support-chat"),
    AUTH_SIGNING_KEYS: optional(signingKeys),
    CUSTOMER_TOKEN_TTL_SECONDS: positiveInt(30 * 86_400).default(14_400),
    MAX_TOKEN_TTL_SECONDS: positiveInt(30 * 86_400).default(86_400),
    RATE_LIMIT_PERIOD_SECONDS: z.coerce
      .number()
      .pipe(z.union([z.literal(10), z.literal(60)]))
      .default(60),
    OIDC_ISSUER: optional(z.url()),
    OIDC_AUDIENCE: optional(z.string().min(1)),
    OIDC_JWKS_URL: optional(z.url({ protocol: /^https?$/ })),
    OIDC_ALGORITHMS: list(
      z.enum(["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]),
    ).default(["RS256", "ES256"]),
    OIDC_ROLE_CLAIM: z.string().min(1).default("roles"),
    OIDC_ROLE_MAP: roleMap.default({
      "support-agent": "service_agent",
      "support-supervisor": "supervisor",
      "support-admin": "admin",
    }),
    OIDC_NAME_CLAIM: z.string().min(1).default("name"),
    OIDC_CLIENT_ID: optional(z.string().min(1)),
    OIDC_SCOPES: z.string().trim().min(1).default("openid profile email"),
    DEV_SIGN_IN: flag.default(false),
    OIDC_JWKS_CACHE_SECONDS: positiveInt(86_400).default(600),
    OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    REOPEN_WINDOW_SECONDS: positiveInt(365 * 86_400).default(86_400),
    AGENT_DEFAULT_CAPACITY: positiveInt(1_000).default(5),
    DEFAULT_TEAM: optional(z.string().min(1)),
    AGENT_OFFLINE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    LIVE_MAX_FRAME_BYTES: positiveInt(1_000_000).default(32_768),
    LIVE_MAX_FRAMES_PER_WINDOW: positiveInt(10_000).default(30),
    LIVE_WINDOW_SECONDS: positiveInt(3_600).default(10),
    LIVE_MAX_SOCKETS: positiveInt(10_000).default(500),
    LIVE_TYPING_TTL_SECONDS: positiveInt(60).default(5),
    LIVE_TICKET_TTL_SECONDS: positiveInt(600).default(60),
    ARCHIVE_AFTER_DAYS: positiveInt(36_500).default(90),
    ARCHIVE_BATCH: positiveInt(500).default(25),
    ...aiVars,
  })
  .superRefine((vars, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (vars.DEFAULT_PAGE_SIZE > vars.MAX_PAGE_SIZE) {
      problem("DEFAULT_PAGE_SIZE", `must not exceed MAX_PAGE_SIZE (${vars.MAX_PAGE_SIZE})`);
    }
    // A message of the maximum length (up to 4 bytes a character in UTF-8) must fit in a body.
    const minimumBody = vars.MAX_MESSAGE_LENGTH * 4 + 1024;
    if (vars.MAX_BODY_BYTES < minimumBody) {
      problem("MAX_BODY_BYTES", `must be at least MAX_MESSAGE_LENGTH * 4 + 1024 (${minimumBody})`);
    }
    if (vars.AUTH_REQUIRED && !vars.AUTH_SIGNING_KEYS?.length) {
      problem(
        "AUTH_SIGNING_KEYS",
        "is required while AUTH_REQUIRED is true (see .dev.vars.example)",
      );
    }
    if (vars.CUSTOMER_TOKEN_TTL_SECONDS > vars.MAX_TOKEN_TTL_SECONDS) {
      problem("CUSTOMER_TOKEN_TTL_SECONDS", "must not exceed MAX_TOKEN_TTL_SECONDS");
    }
    const oidc = [vars.OIDC_ISSUER, vars.OIDC_AUDIENCE, vars.OIDC_JWKS_URL];
    if (vars.OIDC_CLIENT_ID && !vars.OIDC_ISSUER) {
      problem("OIDC_CLIENT_ID", "needs OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL");
    }
    if (vars.ARCHIVE_AFTER_DAYS * 86_400 <= vars.REOPEN_WINDOW_SECONDS) {
      problem(
        "ARCHIVE_AFTER_DAYS",
        "must be longer than REOPEN_WINDOW_SECONDS (a session may reopen until then)",
      );
    }
    if (vars.DEV_SIGN_IN && !vars.AUTH_SIGNING_KEYS?.length) {
      problem("DEV_SIGN_IN", "needs AUTH_SIGNING_KEYS (it signs the tokens it hands out)");
    }
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      problem("OIDC_ISSUER", "OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL go together");
    }
  });
