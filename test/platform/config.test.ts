// Config is parsed once and validated; a bad value refuses requests with a problem naming it.
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { requestSchemas } from "../../src/core/wire/chat";
import { clientFrameSchema } from "../../src/features/live/frames";
import worker from "../../src/index";
import { parseConfig, VAR_NAMES } from "../../src/platform/config/config";
import { largestMessageBytes } from "../../src/platform/config/variables";
import { ConfigError } from "../../src/platform/errors";
import { env } from "../helpers";

function configError(vars: Record<string, unknown>): ConfigError {
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("knows every var that wrangler.toml sets, in every environment", () => {
    expect(env.TEST_WRANGLER_VARS.length).toBeGreaterThan(0);
    for (const name of env.TEST_WRANGLER_VARS) expect(VAR_NAMES).toContain(name);
  });

  it("reads the vars of wrangler.toml", () => {
    expect(parseConfig(env)).toEqual({
      defaultMessage: {
        fallback: "Hello, how may I help you?",
        byLocale: expect.objectContaining({
          en: "Hello, how may I help you?",
          de: "Hallo, wie können wir helfen?",
          ar: "مرحبًا، كيف يمكننا مساعدتك؟",
        }),
      },
      maxMessageLength: 4000,
      maxBodyBytes: 32768,
      defaultPageSize: 100,
      maxPageSize: 500,
      corsOrigins: ["*"],
      logLevel: "info",
      rateLimitPeriodSeconds: 60,
      reopenWindowSeconds: 86400,
      agentDefaultCapacity: 5,
      defaultTeam: null,
      agentOfflineGraceSeconds: 30,
      auth: {
        required: true,
        publicSessionCreation: true,
        issuer: "support-chat",
        audience: "support-chat",
        signingKeys: [
          { kid: "test-current", secret: expect.any(String) },
          { kid: "test-previous", secret: expect.any(String) },
        ],
        customerTokenTtlSeconds: 14400,
        maxTokenTtlSeconds: 86400,
        oidc: null,
      },
      signIn: { dev: false, oidc: null },
      archive: { afterDays: 90, batch: 25 },
      live: {
        maxFrameBytes: 32768,
        maxFramesPerWindow: 30,
        windowSeconds: 10,
        maxSockets: 12, // vitest.config.ts lowers it from 500
        typingTtlSeconds: 5,
        ticketTtlSeconds: 60,
      },
      ai: {
        responder: false,
        model: { kind: "articles" },
        timeoutMs: 4000,
        maxAttempts: 2,
        stream: false,
        retrieval: {
          kind: "lexical",
          embeddingModel: "@cf/baai/bge-m3",
          minCoverage: 0.6,
          minMargin: 0.15,
          suggestCoverage: 0.5,
          minSimilarity: 0.7,
        },
        maxTurns: 5,
        unhelpfulLimit: 2,
        handoffPhrases: expect.arrayContaining(["agent", "human", "talk to someone"]),
        unhelpfulPhrases: expect.arrayContaining(["not helpful", "didn't help"]),
        botName: "Assistant",
        handoffNotices: {},
        supportHours: null,
      },
      identity: {
        signingKeys: [{ kid: "site", secret: expect.stringMatching(/^.{32,}$/) }],
        jwks: null,
        maxTtlSeconds: 3600,
      },
      email: {
        from: null,
        siteName: "Support",
        siteUrl: null,
        serviceUrl: null,
        replyDomain: null,
        notifyDelaySeconds: 300,
      },
      files: {
        maxBytes: 10 * 1024 * 1024,
        types: ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"],
        maxPerMessage: 10,
        maxSessionBytes: 100 * 1024 * 1024,
        maxCustomerDailyBytes: 200 * 1024 * 1024,
        linkTtlSeconds: 900,
        pendingHours: 24,
        origin: null,
      },
      webhooks: {
        retrySchedule: [
          0, 5, 300, 1800, 7200, 18000, 36000, 36000, 36000, 36000, 36000, 36000, 36000,
        ],
        timeoutSeconds: 15,
        disableAfterHours: 120,
        secretOverlapHours: 24,
        allowHttp: false,
        dnsCheck: false,
      },
      forms: { prechatTeams: [] },
    });
  });

  it("reads PRECHAT_FORM_TEAMS as team ids, or * for every team", () => {
    const read = (value: string) =>
      parseConfig({ ...env, PRECHAT_FORM_TEAMS: value } as unknown as Env).forms.prechatTeams;
    expect(read(" support, billing ,")).toEqual(["support", "billing"]);
    expect(read("*")).toBe("*");
    expect(read("")).toEqual([]);
  });

  it("splits CORS_ORIGINS on commas", () => {
    const config = parseConfig({
      ...env,
      CORS_ORIGINS: "https://a.example.com, https://b.example.com",
    });
    expect(config.corsOrigins).toEqual(["https://a.example.com", "https://b.example.com"]);
  });

  it.each([
    ["MAX_MESSAGE_LENGTH", "abc"],
    ["MAX_MESSAGE_LENGTH", "0"],
    ["MAX_BODY_BYTES", "-5"],
    ["DEFAULT_PAGE_SIZE", "1.5"],
    ["MAX_PAGE_SIZE", ""],
    ["LOG_LEVEL", "verbose"],
    ["DEFAULT_MESSAGE", "   "],
    ["DEFAULT_MESSAGE", ""],
    ["CORS_ORIGINS", "not a url"],
    ["AUTH_REQUIRED", "yes"],
    ["AUTH_SIGNING_KEYS", "short:secret"],
    ["IDENTITY_SIGNING_KEYS", "site:too-short"],
    ["IDENTITY_MAX_TTL_SECONDS", "100000"],
    ["EMAIL_FROM", "not an address"],
    ["EMAIL_SERVICE_URL", "ftp://chat.example"],
    ["EMAIL_REPLY_DOMAIN", "not a domain"],
    ["AUTH_SIGNING_KEYS", ""],
    ["CUSTOMER_TOKEN_TTL_SECONDS", "100000"],
    ["RATE_LIMIT_PERIOD_SECONDS", "30"],
    ["OIDC_ISSUER", "https://login.example.com/"],
    ["OIDC_ROLE_MAP", "agents:superuser"],
  ])("refuses %s = %j, naming it", (name, value) => {
    const error = configError({ ...env, [name]: value });
    expect(error.errors.map((e) => e.path)).toContain(name);
    expect(error.message).toContain(name);
  });

  it("refuses a default page size above the maximum", () => {
    const error = configError({ ...env, DEFAULT_PAGE_SIZE: "600", MAX_PAGE_SIZE: "500" });
    expect(error.errors).toEqual([
      { path: "DEFAULT_PAGE_SIZE", message: "must not exceed MAX_PAGE_SIZE (500)" },
    ]);
  });

  it("refuses a body limit too small for a message of the maximum length", () => {
    const error = configError({
      ...env,
      MAX_MESSAGE_LENGTH: "10000",
      MAX_BODY_BYTES: "32768",
      LIVE_MAX_FRAME_BYTES: "1000000",
    });
    expect(error.errors.map((e) => e.path)).toEqual(["MAX_BODY_BYTES"]);
  });

  it("refuses a frame limit too small for a message of the maximum length, naming both", () => {
    const error = configError({
      ...env,
      MAX_MESSAGE_LENGTH: "5000",
      LIVE_MAX_FRAME_BYTES: "24000",
    });
    expect(error.errors.map((e) => e.path)).toEqual(["LIVE_MAX_FRAME_BYTES"]);
    expect(error.message).toMatch(
      /LIVE_MAX_FRAME_BYTES must be at least \d+: .*MAX_MESSAGE_LENGTH/,
    );
  });

  it.each([
    ["a frame", "LIVE_MAX_FRAME_BYTES"],
    ["a body", "MAX_BODY_BYTES"],
  ])(
    "holds the largest message the API accepts within %s at the smallest limit it takes",
    (_, name) => {
      const vars = {
        ...env,
        MAX_MESSAGE_LENGTH: "7000",
        MAX_BODY_BYTES: "1000000",
        LIVE_MAX_FRAME_BYTES: "1000000",
      };
      const smallest = largestMessageBytes({
        MAX_MESSAGE_LENGTH: 7000,
        ATTACHMENT_MAX_PER_MESSAGE: 10,
      });
      expect(
        configError({ ...vars, [name]: String(smallest - 1) }).errors.map((e) => e.path),
      ).toEqual([name]);
      const config = parseConfig({ ...vars, [name]: String(smallest) });
      // Control characters (escaped by JSON, 6 bytes each) around one that shows; every field at its longest.
      const frame = {
        type: "message",
        author_type: "service_agent",
        content: `${"\u0001".repeat(6999)}x`,
        attachment_ids: Array.from({ length: 10 }, () => crypto.randomUUID()),
        visibility: "internal",
        client_message_id: "\u0002".repeat(128),
      };
      expect(clientFrameSchema(config).safeParse(frame).success).toBe(true);
      const { type: _type, ...body } = frame;
      expect(requestSchemas(config).newMessage.safeParse(body).success).toBe(true);
      // Within it, and tight: the one character that shows takes 1 byte where the others take 6.
      expect(new TextEncoder().encode(JSON.stringify(frame)).length).toBe(smallest - 5);
      // The widest character another way: 4 bytes of UTF-8.
      const emoji = { ...frame, content: "😀".repeat(7000) };
      expect(clientFrameSchema(config).safeParse(emoji).success).toBe(true);
      expect(new TextEncoder().encode(JSON.stringify(emoji)).length).toBeLessThanOrEqual(smallest);
    },
  );

  it("takes its own defaults: the longest message fits in a body and in a frame", () => {
    const config = parseConfig(env);
    const largest = largestMessageBytes({
      MAX_MESSAGE_LENGTH: 4000,
      ATTACHMENT_MAX_PER_MESSAGE: 10,
    });
    expect(largest).toBeLessThanOrEqual(config.maxBodyBytes);
    expect(largest).toBeLessThanOrEqual(config.live.maxFrameBytes);
  });
});

it("needs no signing key with AUTH_REQUIRED=false", () => {
  const config = parseConfig({ ...env, AUTH_REQUIRED: "false", AUTH_SIGNING_KEYS: "" });
  expect(config.auth).toMatchObject({ required: false, signingKeys: [] });
});

it("reads a complete OIDC setting", () => {
  const config = parseConfig({
    ...env,
    OIDC_ISSUER: "https://login.example.com/",
    OIDC_AUDIENCE: "support",
    OIDC_JWKS_URL: "https://login.example.com/jwks.json",
    OIDC_ROLE_MAP: "helpdesk:service_agent, leads:supervisor",
  });
  expect(config.auth.oidc).toMatchObject({
    issuer: "https://login.example.com/",
    audience: "support",
    roleMap: { helpdesk: "service_agent", leads: "supervisor" },
    algorithms: ["RS256", "ES256"],
  });
});

describe("a Worker with a bad variable", () => {
  it("refuses every request with a 503 problem that names the variable", async () => {
    const badEnv = { ...env, MAX_PAGE_SIZE: "lots" };
    for (const path of ["/health", "/sessions"]) {
      const response = await worker.fetch(
        new Request(`http://chat.test${path}`, { method: path === "/sessions" ? "POST" : "GET" }),
        badEnv,
        createExecutionContext(),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("x-request-id")).toBeTruthy();
      const problem = await response.json<{
        type: string;
        detail: string;
        errors: { path: string }[];
      }>();
      expect(problem.type).toBe("/problems/invalid-configuration");
      expect(problem.detail).toContain("MAX_PAGE_SIZE");
      expect(problem.errors.map((e) => e.path)).toEqual(["MAX_PAGE_SIZE"]);
    }
  });
});
