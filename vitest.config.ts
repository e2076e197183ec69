import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { experimental_readRawConfig } from "wrangler";

const RATE_LIMIT_TESTS = "test/platform/rate-limit.test.ts";
const RESPONDER_TESTS = "test/features/responder/responder.test.ts";
const STREAMING_TESTS = "test/features/responder/streaming.test.ts";
const EMAIL_TESTS = "test/features/email/*.test.ts";
const MODEL_DRAFT_TESTS = "test/features/drafts/model-drafts.test.ts";
const RETRIEVAL_TESTS = "test/features/retrieval/*.test.ts";
const HYBRID_TESTS = "test/features/retrieval/hybrid/*.test.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("drizzle");
  const signingKeys = `test-current:${randomSecret()},test-previous:${randomSecret()}`;
  // Every var wrangler.toml sets, in any environment: test/platform/config.test.ts checks each is one the
  // service reads (with defaults for all, a misspelt var would otherwise be ignored in silence).
  const { rawConfig } = experimental_readRawConfig({ config: "wrangler.toml" });
  const environments = [rawConfig, ...Object.values(rawConfig.env ?? {})];
  const wranglerVars = [...new Set(environments.flatMap((e) => Object.keys(e.vars ?? {})))];

  // Limits no test reaches by accident (the rate-limit project sets its own).
  const NO_LIMITS = { sessions: 100_000, messages: 100_000, periodSeconds: 60 } as const;

  /** One project: the Worker as wrangler.toml describes it, with these limits and extra vars. */
  const project = (
    name: string,
    files: { include: string[]; exclude?: string[] },
    limits: { sessions: number; messages: number; periodSeconds: 10 | 60 },
    extra: {
      vars?: Record<string, string>;
      scriptedModel?: boolean;
      scriptedVectors?: boolean;
    } = {},
  ) => ({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings: the migrations to apply, a signing key made for this run.
          bindings: {
            TEST_MIGRATIONS: migrations,
            AUTH_SIGNING_KEYS: signingKeys,
            // The demo site's secret for signing its users' identities.
            IDENTITY_SIGNING_KEYS: `site:${randomSecret()}`,
            // Endpoints are saved without resolving their host names (no network in tests).
            WEBHOOK_DNS_CHECK: "false",
            // Small enough for a test to reach the per-session socket limit.
            LIVE_MAX_SOCKETS: "12",
            RATE_LIMIT_PERIOD_SECONDS: String(limits.periodSeconds),
            TEST_WRANGLER_VARS: wranglerVars,
            ...extra.vars,
          },
          ...(extra.scriptedModel && {
            // The Workers AI binding, played by test/scripted-model.js (no test reaches the network).
            workers: [
              {
                name: "scripted-model",
                modules: true,
                scriptPath: "./test/scripted-model.js",
                compatibilityDate: "2026-11-01",
              },
            ],
            serviceBindings: {
              AI: { name: "scripted-model", entrypoint: "ScriptedAi" },
              SCRIPTED_MODEL: { name: "scripted-model", entrypoint: "Control" },
              // A Vectorize index, played by the same Worker (hybrid retrieval).
              ...(extra.scriptedVectors && {
                VECTORS: { name: "scripted-model", entrypoint: "ScriptedVectors" },
              }),
            },
          }),
          // No queue consumer runs by itself: a test hands batches to the consumer (createMessageBatch).
          queueConsumers: {},
          // UNMIGRATED_DB stays empty (for 503s); the UPGRADE_DBs are migrated step by step by tests.
          d1Databases: {
            DB: "support-chat",
            UNMIGRATED_DB: "unmigrated",
            UPGRADE_DB: "upgrade",
            KEYED_UPGRADE_DB: "keyed-upgrade",
            QUEUE_UPGRADE_DB: "queue-upgrade",
          },
          ratelimits: {
            SESSION_RATE_LIMITER: {
              namespace_id: "1001",
              simple: { limit: limits.sessions, period: limits.periodSeconds },
            },
            MESSAGE_RATE_LIMITER: {
              namespace_id: "1002",
              simple: { limit: limits.messages, period: limits.periodSeconds },
            },
          },
        },
      }),
    ],
    test: {
      name,
      ...files,
      setupFiles: ["./test/apply-migrations.ts"],
      // Log lines of passing tests are noise; a failing test shows its own.
      silent: "passed-only" as const,
    },
  });

  return {
    test: {
      projects: [
        project(
          "service",
          {
            include: ["test/**/*.test.ts"],
            exclude: [
              RATE_LIMIT_TESTS,
              RESPONDER_TESTS,
              STREAMING_TESTS,
              EMAIL_TESTS,
              MODEL_DRAFT_TESTS,
              RETRIEVAL_TESTS,
              HYBRID_TESTS,
            ],
          },
          NO_LIMITS,
        ),
        // The AI first responder on, answering through a scripted Workers AI binding.
        project("responder", { include: [RESPONDER_TESTS] }, NO_LIMITS, {
          vars: {
            AI_RESPONDER: "true",
            AI_MODEL: "@cf/scripted/model",
            AI_TIMEOUT_MS: "800",
            AI_MAX_TURNS: "3",
          },
          scriptedModel: true,
        }),
        // The responder streaming its answers (AI_STREAM) from the scripted Workers AI binding.
        project("streaming", { include: [STREAMING_TESTS] }, NO_LIMITS, {
          vars: {
            AI_RESPONDER: "true",
            AI_MODEL: "@cf/scripted/model",
            AI_STREAM: "true",
            AI_TIMEOUT_MS: "4000",
          },
          scriptedModel: true,
        }),
        // A model for agents' drafts (the scripted binding), without the AI first responder.
        project("drafts", { include: [MODEL_DRAFT_TESTS] }, NO_LIMITS, {
          vars: { AI_MODEL: "@cf/scripted/model", AI_TIMEOUT_MS: "800", AI_MAX_ATTEMPTS: "1" },
          scriptedModel: true,
        }),
        // The offline responder (no model): what lexical retrieval answers, offers and hands off.
        project("retrieval", { include: [RETRIEVAL_TESTS] }, NO_LIMITS, {
          vars: { AI_RESPONDER: "true" },
        }),
        // Hybrid retrieval: embeddings from a scripted Workers AI, vectors in a scripted Vectorize.
        project("hybrid", { include: [HYBRID_TESTS] }, NO_LIMITS, {
          vars: { AI_RESPONDER: "true", AI_RETRIEVAL: "hybrid" },
          scriptedModel: true,
          scriptedVectors: true,
        }),
        // Email on (Email Service simulated by workerd), with a one-second window to wait out.
        project("email", { include: [EMAIL_TESTS] }, NO_LIMITS, {
          vars: {
            EMAIL_FROM: "support@shop.example",
            EMAIL_SITE_NAME: "Acme Outdoor",
            EMAIL_SITE_URL: "https://shop.example/",
            EMAIL_SERVICE_URL: "https://chat.example",
            EMAIL_NOTIFY_DELAY_SECONDS: "1",
            EMAIL_REPLY_DOMAIN: "reply.shop.example",
          },
        }),
        // Limits the rate-limit tests reach: over REST, over sockets, and back after the window.
        project(
          "rate-limits",
          { include: [RATE_LIMIT_TESTS] },
          { sessions: 3, messages: 3, periodSeconds: 10 },
        ),
      ],
    },
  };
});

function randomSecret() {
  return `${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll("-", "");
}
