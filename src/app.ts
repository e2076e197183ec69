import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Services } from "./composition";
import { authenticate, clientIp, rateLimit } from "./http/auth";
import { errorHandler, methodNotAllowedResponse, notFoundHandler } from "./http/errors";
import { problemResponse } from "./http/problem";
import { readReplicas } from "./http/read-replicas";
import { requestLog } from "./http/request-log";
import { requestScope } from "./http/request-scope";
import { createRouter } from "./http/router";
import { agentRoutes } from "./routes/agents";
import { analyticsRoutes } from "./routes/analytics";
import { customerRoutes } from "./routes/customers";
import { registerDocs } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { kbRoutes } from "./routes/kb";
import { liveRoutes } from "./routes/live";
import { isPage, pageRoutes } from "./routes/pages";
import { participantRoutes } from "./routes/participants";
import { queueRoutes } from "./routes/queue";
import { sessionRoutes } from "./routes/sessions";
import { signInRoutes } from "./routes/sign-in";
import { teamRoutes } from "./routes/teams";
import { transferTargetRoutes } from "./routes/transfer-targets";
import { transitionRoutes } from "./routes/transitions";

/** The HTTP app over the composed services: middleware, then every route; nothing here runs per request. */
export function createApp(services: Services) {
  const { config, logger, chat, verifier } = services;

  const app = createRouter();
  app.use(requestScope);
  app.use(requestId());
  // Answers carry personal data: never cached, never sniffed into another type. The HTML pages set
  // their own (src/routes/pages.ts): the widget's frame is made to be embedded.
  const apiHeaders = secureHeaders({ crossOriginResourcePolicy: false });
  app.use((c, next) => (isPage(c.req) ? next() : apiHeaders(c, next)));
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  app.use(requestLog(logger));
  app.use(
    cors({
      origin: config.corsOrigins.includes("*") ? "*" : config.corsOrigins,
      exposeHeaders: ["X-Request-Id", "X-D1-Bookmark", "Retry-After", "Allow"],
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
  app.use(readReplicas(services.database));
  const authenticated = authenticate(verifier, config.auth.required);
  for (const path of [
    "/sessions",
    "/sessions/*",
    "/queue/*",
    "/agents",
    "/agents/*",
    "/teams",
    "/teams/*",
    "/routing/*",
    "/analytics/*",
    "/kb/*",
    "/customers/*",
    "/audit",
  ]) {
    app.use(path, authenticated);
  }
  app.notFound(notFoundHandler);
  app.onError(errorHandler(logger));

  const routes = app
    .route("/", healthRoutes(chat))
    .route(
      "/",
      sessionRoutes(chat, config, {
        create: rateLimit(services.sessionLimiter, clientIp, config.rateLimitPeriodSeconds),
      }),
    )
    .route("/", liveRoutes(services))
    .route("/", queueRoutes(services.queue, services.lifecycle, config))
    .route("/", transitionRoutes(services.lifecycle, config))
    .route("/", participantRoutes(services.participants, config))
    .route("/", transferTargetRoutes(services.availability, config))
    .route("/", agentRoutes(services.agents, services.availability))
    .route("/", teamRoutes(services.teams))
    .route("/", analyticsRoutes(services.analytics))
    .route("/", kbRoutes(services.knowledge, config))
    .route("/", signInRoutes(services.signIn))
    .route("/", customerRoutes(services.customerData))
    .route("/", pageRoutes(config));
  registerDocs(app, config);
  return routes;
}

export type App = ReturnType<typeof createApp>;
