// The OpenAPI document describes every route, and /docs serves Swagger UI from the Worker itself.
import { describe, expect, it } from "vitest";
import { call } from "./helpers";

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
  summary?: string;
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document of every route, with problem answers", async () => {
    const response = await call("/openapi.json");
    expect(response.status).toBe(200);
    const doc = await response.json<{
      openapi: string;
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "GET /health",
        "POST /sessions",
        "GET /sessions/{session_id}",
        "POST /sessions/{session_id}/messages",
        "GET /sessions/{session_id}/messages",
        "GET /sessions/{session_id}/live",
        "POST /sessions/{session_id}/live-ticket",
        "GET /sessions",
        "POST /queue/claim",
        "POST /sessions/{session_id}/assign",
        "POST /sessions/{session_id}/transfer",
        "POST /sessions/{session_id}/escalate",
        "POST /sessions/{session_id}/resolve",
        "POST /sessions/{session_id}/rating",
        "POST /sessions/{session_id}/read",
        "GET /sessions/{session_id}/participants",
        "PUT /agents/{agent_id}/capacity",
        "GET /analytics/summary",
        "GET /queue/live",
        "POST /queue/live-ticket",
      ].sort(),
    );
    const post = doc.paths["/sessions/{session_id}/messages"]?.post;
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(
      ["200", "201", "400", "401", "403", "404", "409", "413", "415", "429", "503"].sort(),
    );
    expect(post?.responses["404"]?.content).toHaveProperty(["application/problem+json"]);
    expect(post).toHaveProperty("security", [{ bearerAuth: [] }]);
    expect(doc.paths["/sessions"]?.post).toHaveProperty("security", [{}, { bearerAuth: [] }]);
    expect(doc.paths["/health"]?.get).not.toHaveProperty("security");
    expect(doc).toHaveProperty(["components", "securitySchemes", "bearerAuth"], {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: expect.any(String),
    });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["ChatSession", "Message", "NewMessage", "MessagePage", "Problem"]),
    );
    for (const methods of Object.values(doc.paths)) {
      for (const operation of Object.values(methods)) expect(operation.summary).toBeTruthy();
    }
  });

  it("documents the configured limits", async () => {
    const doc = await (await call("/openapi.json")).json<{
      components: { schemas: { NewMessage: { properties: { content: { maxLength: number } } } } };
    }>();
    expect(doc.components.schemas.NewMessage.properties.content.maxLength).toBe(4000);
  });
});

describe("GET /docs", () => {
  it("is Swagger UI for /openapi.json, loading its files from this Worker, not a CDN", async () => {
    const response = await call("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("/openapi.json");
    expect(html).toContain('src="/assets/swagger-ui-dist/swagger-ui-bundle.js"');
    expect(html).toContain('href="/assets/swagger-ui-dist/swagger-ui.css"');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
