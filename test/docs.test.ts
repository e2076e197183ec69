// The OpenAPI document describes every route, and /docs serves Swagger UI from the Worker itself.
import { describe, expect, it } from "vitest";
import {
  ContractViolation,
  contractOf,
  type Document,
  type Operation as DocumentOperation,
} from "./contract";
import { call } from "./helpers";

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
  summary?: string;
}

/** The JSON schema of a POST's request body. */
const bodySchemaOf = (doc: Pick<Document, "paths">, path: string) =>
  doc.paths[path]?.post?.requestBody?.content["application/json"]?.schema;

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
        "GET /sign-in/options",
        "GET /customers/{customer_id}/export",
        "DELETE /customers/{customer_id}",
        "GET /audit",
        "GET /contacts",
        "GET /contacts/{customer_id}",
        "PATCH /contacts/{customer_id}",
        "GET /contact-attributes",
        "PUT /contact-attributes/{key}",
        "POST /identity/conversations",
        "POST /identity/sessions/{session_id}/token",
        "POST /sign-in/dev",
        "POST /sign-in/dev-identity",
        "GET /email/unsubscribe",
        "GET /exports/analytics",
        "GET /exports/sessions",
        "GET /sessions/{session_id}/emails",
        "GET /sessions/{session_id}/labels",
        "POST /email/open",
        "POST /email/unsubscribe",
        "POST /sessions/{session_id}/attachments",
        "PUT /sessions/{session_id}/attachments/{attachment_id}/preview",
        "PUT /sessions/{session_id}/labels/{label_id}",
        "GET /sessions/{session_id}/attachments/{attachment_id}",
        "GET /files/{attachment_id}",
        "GET /files/{attachment_id}/preview",
        "GET /webhooks/endpoints",
        "POST /webhooks/endpoints",
        "GET /webhooks/endpoints/{endpoint_id}",
        "PUT /webhooks/endpoints/{endpoint_id}",
        "DELETE /webhooks/endpoints/{endpoint_id}",
        "POST /webhooks/endpoints/{endpoint_id}/rotate-secret",
        "POST /webhooks/endpoints/{endpoint_id}/test",
        "GET /webhooks/endpoints/{endpoint_id}/deliveries",
        "POST /webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/replay",
        "POST /webhooks/endpoints/{endpoint_id}/replay",
        "GET /availability",
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
        "GET /sessions/{session_id}/transfer-targets",
        "PUT /agents/{agent_id}/capacity",
        "GET /analytics/summary",
        "GET /queue/live",
        "POST /queue/live-ticket",
        "POST /sessions/{session_id}/take",
        "POST /sessions/{session_id}/handoff",
        "POST /kb/articles",
        "POST /labels",
        "GET /kb/articles",
        "GET /kb/articles/{article_id}",
        "PUT /kb/articles/{article_id}",
        "PUT /labels/{label_id}",
        "DELETE /kb/articles/{article_id}",
        "DELETE /labels/{label_id}",
        "DELETE /sessions/{session_id}/labels/{label_id}",
        "GET /kb/search",
        "GET /search/messages",
        "GET /labels",
        "GET /kb/synonyms",
        "PUT /kb/synonyms/{term}",
        "DELETE /kb/synonyms/{term}",
        "POST /teams",
        "GET /teams",
        "GET /teams/{team_id}",
        "PUT /teams/{team_id}",
        "DELETE /teams/{team_id}",
        "GET /routing/rules",
        "PUT /routing/rules",
        "PUT /agents/me/status",
        "GET /agents/me",
        "GET /agents",
        "PUT /agents/{agent_id}/skills",
        "GET /saved-replies",
        "POST /saved-replies",
        "PUT /saved-replies/{reply_id}",
        "DELETE /saved-replies/{reply_id}",
        "GET /sessions/{session_id}/saved-replies",
        "POST /sessions/{session_id}/draft",
        "POST /sessions/{session_id}/summary",
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
      expect.arrayContaining([
        "ChatSession",
        "SessionSummary",
        "Message",
        "MessagePage",
        "Problem",
      ]),
    );
    for (const methods of Object.values(doc.paths)) {
      for (const operation of Object.values(methods)) expect(operation.summary).toBeTruthy();
    }
  });

  it("documents the configured limits", async () => {
    const doc = await (await call("/openapi.json")).json<Document>();
    expect(bodySchemaOf(doc, "/sessions/{session_id}/messages")).toHaveProperty(
      ["properties", "content", "maxLength"],
      4000,
    );
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

interface FullOperation extends DocumentOperation {
  tags?: string[];
}

describe("the document tells the truth", () => {
  const load = async () =>
    (await call("/openapi.json")).json<{
      tags: { name: string }[];
      paths: Record<string, Record<string, FullOperation>>;
      components: { schemas: Record<string, { properties: Record<string, { pattern?: string }> }> };
    }>();

  it("names every operation once, and declares every tag it uses", async () => {
    const doc = await load();
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const declared = doc.tags.map((tag) => tag.name);
    for (const operation of operations) {
      for (const tag of operation.tags ?? []) expect(declared).toContain(tag);
    }
  });

  it("declares 413 and 415 wherever a body is taken, and the headers every answer carries", async () => {
    const doc = await load();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses);
        if (operation.requestBody)
          expect(statuses, where).toEqual(expect.arrayContaining(["413", "415"]));
        if (method === "post" || method === "put") expect(statuses, where).toContain("413");
        for (const [status, answer] of Object.entries(operation.responses)) {
          const headers = answer.headers ?? {};
          expect(headers["X-Request-Id"]?.required, `${where} ${status}`).toBe(true);
          if (status === "401") expect(headers["WWW-Authenticate"]?.required).toBe(true);
          if (status === "429" || status === "503") expect(headers["Retry-After"]).toBeDefined();
          if (status === "426") expect(headers.Upgrade).toBeDefined();
        }
      }
    }
  });

  it("says what a 404 finds missing: the chat session only where the path names one", async () => {
    const doc = await load();
    const notFound = (operation: FullOperation | undefined) =>
      (operation?.responses["404"] as { description?: string } | undefined)?.description;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const description = notFound(operation);
        if (!description) continue;
        const where = `${method.toUpperCase()} ${path}: ${description}`;
        if (!path.includes("{session_id}")) expect(description, where).not.toMatch(/chat session/);
      }
    }
    const label = notFound(doc.paths["/labels/{label_id}"]?.put);
    expect(label).toBe("No such label (also for one that is not well-formed).");
  });

  it("shows every field a message carries, and says where white space alone is refused", async () => {
    const doc = await load();
    expect(Object.keys(doc.components.schemas.Message?.properties ?? {})).toContain("visibility");
    const message = bodySchemaOf(doc, "/sessions/{session_id}/messages");
    const escalation = bodySchemaOf(doc, "/sessions/{session_id}/escalate");
    const patterns = [message, escalation].map((schema) =>
      String(
        (schema as { properties: Record<string, { pattern?: string }> }).properties[
          schema === message ? "content" : "reason"
        ]?.pattern,
      ),
    );
    // The same with or without a validator's Unicode flag: something that shows, not white space
    // or invisible characters alone.
    for (const pattern of patterns) {
      for (const flags of ["", "u"]) {
        const visible = new RegExp(pattern, flags);
        for (const shown of ["a", "é", "👍", " x ", "\u200bx"])
          expect(visible.test(shown)).toBe(true);
        for (const blank of [" \n\t", "\u200b\u200d", "\ufeff\u00ad", "\u2060\u00a0"]) {
          expect(visible.test(blank)).toBe(false);
        }
      }
    }
  });
});

describe("the contract check", () => {
  const doc = {
    paths: {
      "/things/{id}": {
        get: {
          operationId: "getThing",
          responses: {
            200: {
              headers: { "X-Request-Id": { required: true } },
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { id: { type: "string" } },
                    required: ["id"],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json", "X-Request-Id": "r", ...headers },
    });
  const check = (response: Response) =>
    contractOf(doc).check("GET", "http://chat.test/things/1", response);

  it("passes an answer the document describes", async () => {
    await expect(check(answer(200, { id: "1" }))).resolves.toBeUndefined();
  });

  it.each([
    ["an undeclared status", answer(404, { id: "1" })],
    ["an undeclared property", answer(200, { id: "1", secret: true })],
    ["a wrong type", answer(200, { id: 1 })],
    ["an undeclared API header", answer(200, { id: "1" }, { "Retry-After": "1" })],
    [
      "a missing required header",
      new Response('{"id":"1"}', { headers: { "Content-Type": "application/json" } }),
    ],
    ["an undeclared content type", new Response("hi", { headers: { "X-Request-Id": "r" } })],
  ])("fails %s", async (_, response) => {
    await expect(check(response)).rejects.toThrow(ContractViolation);
  });
});
