import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Config } from "../config/config";
import { TAGS } from "./define-route";
import { pageHeaders } from "./pages";
import type { AppEnv } from "./router";

/**
 * Swagger UI, all of it from the Worker's assets (scripts/copy-swagger-assets.mjs copies its files
 * and writes /assets/docs.js, which starts it on the document named here): no CDN, no inline script.
 */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Support chat API</title>
<link rel="stylesheet" href="/assets/swagger-ui-dist/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-url="/openapi.json"></div>
<script src="/assets/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script src="/assets/docs.js"></script>
</body>
</html>
`;

/** /openapi.json (OpenAPI 3.1) and /docs, whose Swagger UI files are the Worker's own static assets. */
export function registerDocs(app: OpenAPIHono<AppEnv>, config: Config) {
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
  const headers = pageHeaders("docs", config);
  app.get("/docs", (c) => c.html(DOCS_PAGE, 200, headers));
  // Browsers ask for /favicon.ico on their own; answer with Swagger UI's icon rather than a 404.
  app.get("/favicon.ico", (c) => c.redirect("/assets/swagger-ui-dist/favicon-32x32.png", 301));
}
