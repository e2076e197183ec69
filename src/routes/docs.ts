import { swaggerUI } from "@hono/swagger-ui";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/router";
import { TAGS } from "./define-route";

/** /openapi.json (OpenAPI 3.1) and /docs, whose Swagger UI files are the Worker's own static assets. */
export function registerDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A customer token (from POST /sessions) or an agent token (from the company's identity provider, or `npm run token` in development).",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Support chat API",
      version: "1.0.0",
      description:
        "Customer-support chat sessions and their messages. Every error is application/problem+json (RFC 9457). Every response carries X-Request-Id.",
    },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
  });
  // No version: the URL stays /assets/swagger-ui-dist/..., which scripts/copy-swagger-assets.mjs fills.
  app.get(
    "/docs",
    swaggerUI({
      url: "/openapi.json",
      baseUrl: "/assets",
      validatorUrl: "none",
      title: "Support chat API",
    }),
  );
  // Browsers ask for /favicon.ico on their own; answer with Swagger UI's icon rather than a 404.
  app.get("/favicon.ico", (c) => c.redirect("/assets/swagger-ui-dist/favicon-32x32.png", 301));
}
