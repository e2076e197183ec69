import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { issueToken } from "./auth/token-issuer";
import { TokenVerifier } from "./auth/token-verifier";
import type { Config } from "./config";
import { AnalyticsRepository } from "./db/analytics-repository";
import { ChatRepository } from "./db/chat-repository";
import { WorkflowRepository } from "./db/workflow-repository";
import { authenticate, callerKey, clientIp, rateLimit } from "./http/auth";
import { errorHandler, methodNotAllowedResponse, notFoundHandler } from "./http/errors";
import { problemResponse } from "./http/problem";
import { requestLog } from "./http/request-log";
import { createRouter } from "./http/router";
import { type QueueRoom, queuePublisher } from "./live/queue-room";
import { roomPublisher } from "./live/room-publisher";
import type { SessionRoom } from "./live/session-room";
import { createLogger } from "./logger";
import { registerDocs } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { liveRoutes } from "./routes/live";
import { sessionRoutes } from "./routes/sessions";
import { queueLiveRoutes, workflowRoutes } from "./routes/workflow";
import { ChatService, type LivePublisher } from "./services/chat-service";
import { WorkflowService } from "./services/workflow-service";

export interface AppDeps {
  config: Config;
  db: D1Database;
  /** Workers Rate Limiting bindings: session creation per client address, messages per subject. */
  rateLimiters: { sessions: RateLimit; messages: RateLimit };
  /** The live rooms (one Durable Object per session). */
  rooms: DurableObjectNamespace<SessionRoom>;
  /** The agents' live queue (one Durable Object). */
  queueRoom: DurableObjectNamespace<QueueRoom>;
  /** Where stored messages are fanned out; by default, the rooms. */
  live?: LivePublisher;
  clock?: () => Date;
  newId?: () => string;
}

/** Builds the whole app once per configuration; nothing here runs per request. */
export function createApp({
  config,
  db,
  rateLimiters,
  rooms,
  queueRoom,
  live = roomPublisher(rooms),
  clock = () => new Date(),
  newId = () => crypto.randomUUID(),
}: AppDeps) {
  const logger = createLogger(config.logLevel);
  const { auth } = config;
  if (!auth.required) {
    logger.warn(
      "AUTH_REQUIRED is false: anyone who can reach this service can read and write every chat",
    );
  }
  const repository = new ChatRepository(db);
  const workflowRepository = new WorkflowRepository(db);
  const settings = { ...config, publicSessionCreation: auth.publicSessionCreation };
  const chat = new ChatService({
    repository,
    workflow: workflowRepository,
    settings,
    issueCustomerToken: async (sessionId, customerId, now) =>
      auth.signingKeys.length
        ? issueToken(
            auth,
            {
              subject: customerId,
              role: "customer",
              sessionId,
              ttlSeconds: auth.customerTokenTtlSeconds,
            },
            now,
          )
        : null,
    live,
    queue: queuePublisher(queueRoom),
    logger,
    clock,
    newId,
  });
  const workflow = new WorkflowService({
    workflow: workflowRepository,
    repository,
    analytics: new AnalyticsRepository(db),
    chat,
    settings,
    clock,
    newId,
  });
  const verifier = new TokenVerifier(auth, clock);
  const period = config.rateLimitPeriodSeconds;

  const app = createRouter();
  app.use(requestId());
  app.use(requestLog(logger));
  app.use(
    cors({
      origin: config.corsOrigins.includes("*") ? "*" : config.corsOrigins,
      exposeHeaders: ["X-Request-Id", "Retry-After", "Allow"],
      maxAge: 600,
    }),
  );
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => methodNotAllowedResponse(c.req.method, allowed),
    }),
  );
  app.use(
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: () =>
        problemResponse({
          title: "Content Too Large",
          status: 413,
          detail: `The body is larger than ${config.maxBodyBytes} bytes.`,
        }),
    }),
  );
  const authenticated = authenticate(verifier, auth.required);
  for (const path of ["/sessions", "/sessions/*", "/queue/*", "/agents/*", "/analytics/*"]) {
    app.use(path, authenticated);
  }
  app.notFound(notFoundHandler);
  app.onError(errorHandler(logger));

  const routes = app
    .route("/", healthRoutes(chat))
    .route(
      "/",
      sessionRoutes(chat, config, {
        create: rateLimit(rateLimiters.sessions, clientIp, period),
        send: rateLimit(rateLimiters.messages, callerKey, period),
      }),
    )
    .route("/", liveRoutes({ chat, config, rooms, verifier, clock }))
    .route("/", workflowRoutes(workflow, config))
    .route("/", queueLiveRoutes({ workflow, queueRoom, verifier }));
  registerDocs(app);
  return routes;
}

export type App = ReturnType<typeof createApp>;
