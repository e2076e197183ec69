import { z } from "zod";
import type { Role } from "../auth/roles";
import { type Language, localizedText } from "../locale";
import { aiVars } from "./ai";
import { emailVars } from "./email";
import { filesVars } from "./files";
import { formsVars } from "./forms";
import { identityVars } from "./identity";
import { flag, list, optional, positiveInt, signingKeys } from "./vars";
import { webhookVars } from "./webhooks";

// Every variable the service reads, each with its default: wrangler.toml sets only what an
// environment changes. Parsed once, into the Config of config.ts.

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** "idp-value:role,idp-value:role": maps the identity provider's claim values to our agent roles. */
const roleMap = list(
  z.string().regex(/^[^:]+:(service_agent|supervisor|admin)$/, "must be value:role pairs"),
).transform((pairs) => Object.fromEntries(pairs.map((pair) => pair.split(":") as [string, Role])));

/** The greeting in each language customer text is written in (a session in another gets the English). */
const DEFAULT_GREETINGS = {
  en: "Hello, how may I help you?",
  de: "Hallo, wie können wir helfen?",
  fr: "Bonjour, comment pouvons-nous vous aider ?",
  es: "Hola, ¿en qué podemos ayudarte?",
  ar: "مرحبًا، كيف يمكننا مساعدتك؟",
} satisfies Record<Language, string>;

/**
 * The most bytes a message the API accepts takes as JSON (a body, or a live frame with its type):
 * each character at its widest as JSON.stringify writes it (a control character, `\u0001`: 6
 * bytes; any other at most 4), with the longest client_message_id and all the files it may carry.
 */
export function largestMessageBytes(vars: {
  MAX_MESSAGE_LENGTH: number;
  ATTACHMENT_MAX_PER_MESSAGE: number;
}): number {
  const envelope = JSON.stringify({
    type: "message",
    author_type: "service_agent",
    content: "",
    attachment_ids: Array(vars.ATTACHMENT_MAX_PER_MESSAGE).fill(
      "00000000-0000-0000-0000-000000000000",
    ),
    visibility: "internal",
    client_message_id: "\u0001".repeat(128),
  });
  return envelope.length + vars.MAX_MESSAGE_LENGTH * 6;
}

/**
 * Every variable the service reads, each with its default: wrangler.toml sets only what an
 * environment changes (docs/configuration.md lists them all, generated from their descriptions).
 */
export const varsSchema = z
  .object({
    DEFAULT_MESSAGE: localizedText
      .prefault(JSON.stringify(DEFAULT_GREETINGS))
      .describe(
        'the greeting every new session starts with: a text, or per locale as JSON (`{"en": "Hello!", "de": "Hallo!"}`; a session in another locale gets its language\'s, else English)',
      ),
    MAX_MESSAGE_LENGTH: positiveInt(100_000)
      .default(4_000)
      .describe("the most characters a message may hold"),
    MAX_BODY_BYTES: positiveInt(10_000_000)
      .default(32_768)
      .describe(
        "the largest request body; at least what the longest message takes as JSON (`MAX_MESSAGE_LENGTH * 6` and about 1 KB)",
      ),
    DEFAULT_PAGE_SIZE: positiveInt(1_000)
      .default(100)
      .describe("messages in a session answer, and rows or messages in a page without `limit`"),
    MAX_PAGE_SIZE: positiveInt(1_000).default(500).describe("the largest `limit` accepted"),
    CORS_ORIGINS: list(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })]))
      .default(["*"])
      .describe(
        "comma-separated origins allowed by CORS, or `*` (staging and production set the site's origin)",
      ),
    LOG_LEVEL: z.enum(LOG_LEVELS).default("info").describe("`debug`, `info`, `warn` or `error`"),
    AUTH_REQUIRED: flag
      .default(true)
      .describe("`false` opens every operation to callers without a token (logs a warning)"),
    PUBLIC_SESSION_CREATION: flag
      .default(true)
      .describe("whether a session may be started without a token"),
    AUTH_ISSUER: z
      .string()
      .min(1)
      .default("support-chat")
      .describe("`iss` of the service's own tokens"),
    AUTH_AUDIENCE: z
      .string()
      .min(1)
      .default("support-chat")
      .describe("`aud` of the service's own tokens"),
    AUTH_SIGNING_KEYS: optional(signingKeys).describe(
      "a secret: `kid:secret` pairs, comma-separated, each secret at least 32 characters; the first signs, all verify; required while `AUTH_REQUIRED` is on",
    ),
    CUSTOMER_TOKEN_TTL_SECONDS: positiveInt(30 * 86_400)
      .default(14_400)
      .describe("how long a customer token lives"),
    MAX_TOKEN_TTL_SECONDS: positiveInt(30 * 86_400)
      .default(86_400)
      .describe("the longest `exp - iat` accepted from any token"),
    RATE_LIMIT_PERIOD_SECONDS: z.coerce
      .number()
      .pipe(z.union([z.literal(10), z.literal(60)]))
      .default(60)
      .describe("the rate limit bindings' period (10 or 60), sent as `Retry-After`"),
    OIDC_ISSUER: optional(z.url()).describe(
      "the identity provider for agents, exactly its tokens' `iss` (empty: off); with `OIDC_AUDIENCE` and `OIDC_JWKS_URL`, all three or none",
    ),
    OIDC_AUDIENCE: optional(z.string().min(1)).describe(
      "the audience the provider's tokens must carry (for the console: its client id)",
    ),
    OIDC_JWKS_URL: optional(z.url({ protocol: /^https?$/ })).describe(
      "the provider's keys (`jwks_uri` of its discovery document)",
    ),
    OIDC_ALGORITHMS: list(z.enum(["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]))
      .default(["RS256", "ES256"])
      .describe("the algorithms accepted from the provider"),
    OIDC_ROLE_CLAIM: z
      .string()
      .min(1)
      .default("roles")
      .describe("the claim (string or array) a provider token's role is read from"),
    OIDC_ROLE_MAP: roleMap
      .default({
        "support-agent": "service_agent",
        "support-supervisor": "supervisor",
        "support-admin": "admin",
      })
      .describe(
        "`value:role` pairs from that claim's values to roles (the most privileged match wins; none is 403)",
      ),
    OIDC_NAME_CLAIM: z
      .string()
      .min(1)
      .default("name")
      .describe("the claim an agent's display name is read from"),
    OIDC_CLIENT_ID: optional(z.string().min(1)).describe(
      "the agent console's OIDC client (authorization code with PKCE; empty: off); needs the three `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_JWKS_URL`",
    ),
    OIDC_SCOPES: z
      .string()
      .trim()
      .min(1)
      .default("openid profile email")
      .describe("the scopes the console's OIDC sign-in asks for"),
    DEV_SIGN_IN: flag
      .default(false)
      .describe(
        "development only (`npm run dev` turns it on): `POST /sign-in/dev` hands anyone an agent token; never set it in a deployed environment",
      ),
    OIDC_JWKS_CACHE_SECONDS: positiveInt(86_400)
      .default(600)
      .describe("how long the provider's keys are cached"),
    OIDC_JWKS_COOLDOWN_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3_600)
      .default(30)
      .describe("the least time between two fetches of the provider's keys"),
    REOPEN_WINDOW_SECONDS: positiveInt(365 * 86_400)
      .default(86_400)
      .describe("how long after resolution a customer's message reopens a session"),
    AGENT_DEFAULT_CAPACITY: positiveInt(1_000)
      .default(5)
      .describe("concurrent assigned sessions per agent, unless a supervisor set theirs"),
    DEFAULT_TEAM: optional(z.string().min(1)).describe(
      "the team of a session that names none and matches no page rule (empty: none)",
    ),
    AGENT_OFFLINE_GRACE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3_600)
      .default(30)
      .describe("how long an agent stays connected after their last console closes"),
    LIVE_MAX_FRAME_BYTES: positiveInt(1_000_000)
      .default(32_768)
      .describe(
        "the largest frame a socket may send; at least what the longest message takes as JSON, like `MAX_BODY_BYTES`",
      ),
    LIVE_MAX_FRAMES_PER_WINDOW: positiveInt(10_000)
      .default(30)
      .describe("frames a socket may send per `LIVE_WINDOW_SECONDS`"),
    LIVE_WINDOW_SECONDS: positiveInt(3_600)
      .default(10)
      .describe("the window of `LIVE_MAX_FRAMES_PER_WINDOW`"),
    LIVE_MAX_SOCKETS: positiveInt(10_000).default(500).describe("live sockets per session"),
    LIVE_TYPING_TTL_SECONDS: positiveInt(60)
      .default(5)
      .describe("how long a typing indicator lasts"),
    LIVE_TICKET_TTL_SECONDS: positiveInt(600)
      .default(60)
      .describe(
        "how long a live ticket is valid (at most until the asking token expires); each opens one socket",
      ),
    ARCHIVE_AFTER_DAYS: positiveInt(36_500)
      .default(90)
      .describe(
        "resolved sessions older than this move to R2; longer than `REOPEN_WINDOW_SECONDS`",
      ),
    ARCHIVE_BATCH: positiveInt(500).default(25).describe("the most sessions one archive run moves"),
    ...aiVars,
    ...identityVars,
    ...emailVars,
    ...filesVars,
    ...webhookVars,
    ...formsVars,
  })
  .superRefine((vars, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (vars.DEFAULT_PAGE_SIZE > vars.MAX_PAGE_SIZE) {
      problem("DEFAULT_PAGE_SIZE", `must not exceed MAX_PAGE_SIZE (${vars.MAX_PAGE_SIZE})`);
    }
    // Every message the API accepts must fit in a body and in a live frame.
    const largest = largestMessageBytes(vars);
    for (const limit of ["MAX_BODY_BYTES", "LIVE_MAX_FRAME_BYTES"] as const) {
      if (vars[limit] < largest) {
        problem(
          limit,
          `must be at least ${largest}: a message of MAX_MESSAGE_LENGTH (${vars.MAX_MESSAGE_LENGTH}) characters with ATTACHMENT_MAX_PER_MESSAGE (${vars.ATTACHMENT_MAX_PER_MESSAGE}) files takes up to that many bytes as JSON`,
        );
      }
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
