import type { Role } from "../auth/roles";
import { ConfigError, type FieldError } from "../errors";
import type { LocalizedText } from "../locale";
import { type AiConfig, checkAiVars, toAiConfig } from "./ai";
import type { EmailConfig } from "./email";
import type { FilesConfig } from "./files";
import { type FormsConfig, toFormsConfig } from "./forms";
import type { IdentityConfig } from "./identity";
import { type LOG_LEVELS, varsSchema } from "./variables";
import type { WebhookConfig } from "./webhooks";

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: URL;
  algorithms: string[];
  roleClaim: string;
  roleMap: Record<string, Role>;
  nameClaim: string;
  jwksCacheSeconds: number;
  jwksCooldownSeconds: number;
}

export interface AuthConfig {
  required: boolean;
  publicSessionCreation: boolean;
  issuer: string;
  audience: string;
  signingKeys: { kid: string; secret: string }[];
  customerTokenTtlSeconds: number;
  maxTokenTtlSeconds: number;
  oidc: OidcConfig | null;
}

/** How the agent console signs agents in. */
export interface SignInConfig {
  /** A development sign-in that hands out agent tokens to anyone: never on in production. */
  dev: boolean;
  /** The company's identity provider, for the console (authorization code with PKCE). */
  oidc: { issuer: string; clientId: string; scopes: string } | null;
}

export interface LiveConfig {
  maxFrameBytes: number;
  maxFramesPerWindow: number;
  windowSeconds: number;
  maxSockets: number;
  typingTtlSeconds: number;
  ticketTtlSeconds: number;
}

export interface Config {
  /** The greeting, per locale. */
  defaultMessage: LocalizedText;
  maxMessageLength: number;
  maxBodyBytes: number;
  defaultPageSize: number;
  maxPageSize: number;
  corsOrigins: string[];
  logLevel: LogLevel;
  rateLimitPeriodSeconds: number;
  /** How long after resolution a customer's message reopens a session. */
  reopenWindowSeconds: number;
  /** Concurrent assigned sessions an agent may hold unless a supervisor set their own. */
  agentDefaultCapacity: number;
  /** The team of a session that names none and matches no rule (null: no team). */
  defaultTeam: string | null;
  /** How long after an agent's last console closes they count as offline. */
  agentOfflineGraceSeconds: number;
  auth: AuthConfig;
  signIn: SignInConfig;
  /** Resolved sessions older than `afterDays` move to R2, at most `batch` a run. */
  archive: { afterDays: number; batch: number };
  live: LiveConfig;
  ai: AiConfig;
  /** How a site tells the widget who its signed-in user is. */
  identity: IdentityConfig;
  /** Emailing customers the replies they have not seen. */
  email: EmailConfig;
  files: FilesConfig;
  webhooks: WebhookConfig;
  /** The widget's pre-chat form. */
  forms: FormsConfig;
}

/** `build` once per configuration (a configuration never changes once parsed). */
export function perConfig<T>(build: (config: Config) => T): (config: Config) => T {
  const built = new WeakMap<Config, T>();
  return (config) => {
    let value = built.get(config);
    if (value === undefined) {
      value = build(config);
      built.set(config, value);
    }
    return value;
  };
}

/** The names of every variable the service reads (wrangler.toml may set no other). */
export const VAR_NAMES = Object.keys(varsSchema.shape);

/** Parses the Worker's vars and secrets once; a bad value throws a ConfigError that names it. */
export function parseConfig(vars: object): Config {
  const result = varsSchema.safeParse(vars);
  const errors: FieldError[] = result.success
    ? []
    : result.error.issues.map(({ path: [name, ...rest], message }) => ({
        path: String(name),
        message: rest.length ? `${message} (at ${rest.join(".")})` : message,
      }));
  if (result.success) {
    checkAiVars(result.data, { ai: "AI" in vars, vectors: "VECTORS" in vars }, (path, message) =>
      errors.push({ path, message }),
    );
  }
  if (!result.success || errors.length) throw new ConfigError(errors);
  const v = result.data;
  return {
    defaultMessage: v.DEFAULT_MESSAGE,
    maxMessageLength: v.MAX_MESSAGE_LENGTH,
    maxBodyBytes: v.MAX_BODY_BYTES,
    defaultPageSize: v.DEFAULT_PAGE_SIZE,
    maxPageSize: v.MAX_PAGE_SIZE,
    corsOrigins: v.CORS_ORIGINS,
    logLevel: v.LOG_LEVEL,
    rateLimitPeriodSeconds: v.RATE_LIMIT_PERIOD_SECONDS,
    reopenWindowSeconds: v.REOPEN_WINDOW_SECONDS,
    agentDefaultCapacity: v.AGENT_DEFAULT_CAPACITY,
    defaultTeam: v.DEFAULT_TEAM ?? null,
    agentOfflineGraceSeconds: v.AGENT_OFFLINE_GRACE_SECONDS,
    auth: {
      required: v.AUTH_REQUIRED,
      publicSessionCreation: v.PUBLIC_SESSION_CREATION,
      issuer: v.AUTH_ISSUER,
      audience: v.AUTH_AUDIENCE,
      signingKeys: v.AUTH_SIGNING_KEYS ?? [],
      customerTokenTtlSeconds: v.CUSTOMER_TOKEN_TTL_SECONDS,
      maxTokenTtlSeconds: v.MAX_TOKEN_TTL_SECONDS,
      oidc:
        v.OIDC_ISSUER && v.OIDC_AUDIENCE && v.OIDC_JWKS_URL
          ? {
              issuer: v.OIDC_ISSUER,
              audience: v.OIDC_AUDIENCE,
              jwksUrl: new URL(v.OIDC_JWKS_URL),
              algorithms: v.OIDC_ALGORITHMS,
              roleClaim: v.OIDC_ROLE_CLAIM,
              roleMap: v.OIDC_ROLE_MAP,
              nameClaim: v.OIDC_NAME_CLAIM,
              jwksCacheSeconds: v.OIDC_JWKS_CACHE_SECONDS,
              jwksCooldownSeconds: v.OIDC_JWKS_COOLDOWN_SECONDS,
            }
          : null,
    },
    signIn: {
      dev: v.DEV_SIGN_IN,
      oidc:
        v.OIDC_ISSUER && v.OIDC_CLIENT_ID
          ? { issuer: v.OIDC_ISSUER, clientId: v.OIDC_CLIENT_ID, scopes: v.OIDC_SCOPES }
          : null,
    },
    live: {
      maxFrameBytes: v.LIVE_MAX_FRAME_BYTES,
      maxFramesPerWindow: v.LIVE_MAX_FRAMES_PER_WINDOW,
      windowSeconds: v.LIVE_WINDOW_SECONDS,
      maxSockets: v.LIVE_MAX_SOCKETS,
      typingTtlSeconds: v.LIVE_TYPING_TTL_SECONDS,
      ticketTtlSeconds: v.LIVE_TICKET_TTL_SECONDS,
    },
    archive: { afterDays: v.ARCHIVE_AFTER_DAYS, batch: v.ARCHIVE_BATCH },
    ai: toAiConfig(v),
    forms: toFormsConfig(v.PRECHAT_FORM_TEAMS),
    identity: {
      signingKeys: v.IDENTITY_SIGNING_KEYS ?? [],
      jwks: v.IDENTITY_JWKS_URL
        ? { url: new URL(v.IDENTITY_JWKS_URL), algorithms: v.IDENTITY_ALGORITHMS }
        : null,
      maxTtlSeconds: v.IDENTITY_MAX_TTL_SECONDS,
    },
    email: {
      from: v.EMAIL_FROM ?? null,
      siteName: v.EMAIL_SITE_NAME,
      siteUrl: v.EMAIL_SITE_URL ?? null,
      serviceUrl: v.EMAIL_SERVICE_URL?.replace(/\/$/, "") ?? null,
      replyDomain: v.EMAIL_REPLY_DOMAIN?.toLowerCase() ?? null,
      notifyDelaySeconds: v.EMAIL_NOTIFY_DELAY_SECONDS,
    },
    files: {
      maxBytes: v.ATTACHMENT_MAX_BYTES,
      types: v.ATTACHMENT_TYPES,
      maxPerMessage: v.ATTACHMENT_MAX_PER_MESSAGE,
      maxSessionBytes: v.ATTACHMENT_MAX_SESSION_BYTES,
      maxCustomerDailyBytes: v.ATTACHMENT_MAX_CUSTOMER_DAILY_BYTES,
      linkTtlSeconds: v.ATTACHMENT_LINK_TTL_SECONDS,
      pendingHours: v.ATTACHMENT_PENDING_HOURS,
      origin: v.FILES_ORIGIN?.replace(/\/$/, "") ?? null,
    },
    webhooks: {
      retrySchedule: v.WEBHOOK_RETRY_SCHEDULE,
      timeoutSeconds: v.WEBHOOK_TIMEOUT_SECONDS,
      disableAfterHours: v.WEBHOOK_DISABLE_AFTER_HOURS,
      secretOverlapHours: v.WEBHOOK_SECRET_OVERLAP_HOURS,
      allowHttp: v.WEBHOOK_ALLOW_HTTP,
      dnsCheck: v.WEBHOOK_DNS_CHECK,
    },
  };
}
