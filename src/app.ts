import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Services } from "./composition";
import { analyticsRoutes } from "./features/analytics";
import { contactRoutes, customerRoutes, identityRoutes } from "./features/customers";
import { draftRoutes } from "./features/drafts";
import { openLinkRoutes, sentEmailRoutes, unsubscribeRoutes } from "./features/email";
import { exportRoutes } from "./features/exports";
import { fileRoutes, isUpload } from "./features/files";
import { healthRoutes } from "./features/health";
import { kbRoutes } from "./features/kb";
import { labelRoutes } from "./features/labels";
import { liveRoutes } from "./features/live";
import { replyRoutes } from "./features/replies";
import {
  agentRoutes,
  availabilityRoutes,
  teamRoutes,
  transferTargetRoutes,
} from "./features/routing";
import { searchRoutes } from "./features/search";
import { sessionRoutes } from "./features/sessions";
import { signInRoutes } from "./features/sign-in";
import { webhookRoutes } from "./features/webhooks";
import { participantRoutes, queueRoutes, transitionRoutes } from "./features/workflow";
import { authenticate, clientIp, rateLimit } from "./platform/auth/middleware";
import { setAnswerHeader } from "./platform/http/answer-header";
import { registerDocs } from "./platform/http/docs";
import {
  errorHandler,
  methodNotAllowedResponse,
  notFoundHandler,
} from "./platform/http/error-handler";
import { isPage, pageRoutes } from "./platform/http/pages";
import { problemResponse } from "./platform/http/problem";
import { requestLog } from "./platform/http/request-log";
import { createRouter } from "./platform/http/router";
import { readReplicas } from "./platform/replicas/read-replicas";
import { requestScope } from "./platform/request-scope";

/** The HTTP app over the composed services: middleware, then every route; nothing here runs per request. */
export function createApp(services: Services) {
  const { config, logger, chat, verifier } = services;

  const app = createRouter();
  app.use(requestScope);
  app.use(requestId());
  // Answers carry personal data: never cached, never sniffed into another type. The HTML pages set
  // their own (src/platform/http/pages.ts): the widget's frame is made to be embedded.
  const apiHeaders = secureHeaders({ crossOriginResourcePolicy: false });
  app.use((c, next) => (isPage(c.req) ? next() : apiHeaders(c, next)));
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) setAnswerHeader(c, "Cache-Control", "no-store");
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
  const limitBody = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () =>
      problemResponse({
        title: "Content Too Large",
        status: 413,
        detail: `The body is larger than ${config.maxBodyBytes} bytes.`,
        max_bytes: config.maxBodyBytes,
      }),
  });
  app.use((c, next) => (isUpload(c.req) ? next() : limitBody(c, next)));
  app.use(readReplicas(services.database));
  // Each route authenticates its caller as its declared access says (define-route.ts): no list of
  // paths to keep, none to forget.
  const authenticated = authenticate(verifier, config.auth.required);
  app.use((c, next) => {
    c.set("authenticate", authenticated);
    return next();
  });
  app.notFound(notFoundHandler);
  app.onError(errorHandler(logger));

  // Public operations that start or open a chat: limited per client address, together.
  const perAddress = rateLimit(services.sessionLimiter, clientIp, config.rateLimitPeriodSeconds);
  const routes = app
    .route("/", healthRoutes(chat))
    .route(
      "/",
      sessionRoutes(
        chat,
        config,
        { create: perAddress },
        (token) => services.identities.signIn(token),
        (customerId, contact) => services.contacts.fromForm(customerId, contact),
      ),
    )
    .route("/", liveRoutes(services))
    .route("/", queueRoutes(services.queue, services.lifecycle, config))
    .route("/", transitionRoutes(services.lifecycle, services.handover))
    .route("/", participantRoutes(services.participants))
    .route("/", availabilityRoutes(services.teamAvailability))
    .route("/", transferTargetRoutes(services.availability))
    .route("/", agentRoutes(services.agents, services.availability))
    .route("/", teamRoutes(services.teams))
    .route("/", analyticsRoutes(services.analytics))
    .route("/", kbRoutes(services.knowledge, config))
    .route("/", searchRoutes(services.search, config))
    .route("/", signInRoutes(services.signIn))
    .route("/", customerRoutes(services.customerData))
    .route("/", contactRoutes(services.contacts))
    .route("/", identityRoutes(services.identities, perAddress))
    .route("/", sentEmailRoutes(services.emailNotifier))
    .route("/", fileRoutes(services.files))
    .route("/", webhookRoutes(services.webhookEndpoints))
    .route("/", labelRoutes(services.labels))
    .route("/", exportRoutes(services.exports, config))
    .route("/", replyRoutes(services.replies))
    .route("/", draftRoutes(services.drafts))
    .route("/", openLinkRoutes(services.openLinks, perAddress))
    .route(
      "/",
      unsubscribeRoutes(
        services.notifications,
        config.auth.signingKeys.map((k) => k.secret),
        () => new Date(),
      ),
    )
    .route("/", pageRoutes(config));
  registerDocs(app, config);
  return routes;
}

export type App = ReturnType<typeof createApp>;
