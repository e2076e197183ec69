import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { EVENT_SCHEMAS, EVENT_TYPES } from "./catalogue";
import type { EndpointInput, EndpointService } from "./endpoint-service";
import {
  DeliverySchema,
  deliveriesQuery,
  deliveryParams,
  EndpointSchema,
  EndpointWithSecretSchema,
  endpointBody,
  endpointParams,
  presentDelivery,
  presentEndpoint,
  replayBody,
} from "./schemas";

const ADMINS = "Admins only.";
const list = defineRoute({
  method: "get",
  path: "/webhooks/endpoints",
  operationId: "listWebhookEndpoints",
  tags: ["webhooks"],
  summary: "Webhook endpoints",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  responses: {
    200: json(
      z.object({ endpoints: z.array(EndpointSchema) }).openapi("WebhookEndpoints"),
      "Oldest first.",
    ),
  },
});

const create = defineRoute({
  method: "post",
  path: "/webhooks/endpoints",
  operationId: "createWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Add a webhook endpoint",
  description: `${ADMINS} Its secret is in this answer only (and in each rotation's).`,
  access: "token",
  requires: requires("webhook:manage"),
  request: jsonBody(endpointBody),
  responses: { 201: json(EndpointWithSecretSchema, "The endpoint, with its secret.") },
});

const get = defineRoute({
  method: "get",
  path: "/webhooks/endpoints/{endpoint_id}",
  operationId: "getWebhookEndpoint",
  tags: ["webhooks"],
  summary: "A webhook endpoint",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams },
  responses: { 200: json(EndpointSchema, "The endpoint (never its secret).") },
});

const update = defineRoute({
  method: "put",
  path: "/webhooks/endpoints/{endpoint_id}",
  operationId: "updateWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Change a webhook endpoint (enable it again, say)",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams, ...jsonBody(endpointBody) },
  responses: { 200: json(EndpointSchema, "The endpoint.") },
});

const remove = defineRoute({
  method: "delete",
  path: "/webhooks/endpoints/{endpoint_id}",
  operationId: "deleteWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Remove a webhook endpoint and its delivery log",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams },
  responses: { 204: { description: "Removed." } },
});

const rotate = defineRoute({
  method: "post",
  path: "/webhooks/endpoints/{endpoint_id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  tags: ["webhooks"],
  summary: "A new secret; the previous one signs too for WEBHOOK_SECRET_OVERLAP_HOURS",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams },
  responses: { 200: json(EndpointWithSecretSchema, "The endpoint, with its new secret.") },
});

const test = defineRoute({
  method: "post",
  path: "/webhooks/endpoints/{endpoint_id}/test",
  operationId: "sendWebhookTest",
  tags: ["webhooks"],
  summary: "Send a webhook.test event to the endpoint",
  description: `${ADMINS} Delivered through the queue like any event: follow it in the delivery log.`,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams },
  responses: { 202: json(DeliverySchema, "Recorded and enqueued.") },
  refusals: { 409: "The endpoint is disabled." },
});

const deliveries = defineRoute({
  method: "get",
  path: "/webhooks/endpoints/{endpoint_id}/deliveries",
  operationId: "listWebhookDeliveries",
  tags: ["webhooks"],
  summary: "The endpoint's delivery log, newest first",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams, query: deliveriesQuery },
  responses: {
    200: json(
      z.object({ deliveries: z.array(DeliverySchema) }).openapi("WebhookDeliveries"),
      "Newest first.",
    ),
  },
});

const replayOne = defineRoute({
  method: "post",
  path: "/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/replay",
  operationId: "replayWebhookDelivery",
  tags: ["webhooks"],
  summary: "Try one delivery again, from its first try",
  description: `${ADMINS} The same event id and body.`,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: deliveryParams },
  responses: { 202: json(DeliverySchema, "Pending again, and enqueued.") },
});

const replayFailed = defineRoute({
  method: "post",
  path: "/webhooks/endpoints/{endpoint_id}/replay",
  operationId: "replayFailedWebhookDeliveries",
  tags: ["webhooks"],
  summary: "Try again every delivery of the endpoint that failed since a time",
  description: ADMINS,
  access: "token",
  requires: requires("webhook:manage"),
  request: { params: endpointParams, ...jsonBody(replayBody) },
  responses: {
    202: json(z.object({ replayed: z.int().min(0) }).openapi("WebhookReplay"), "How many."),
  },
});

const inputOf = (body: z.output<typeof endpointBody>): EndpointInput => ({
  url: body.url,
  description: body.description,
  events: body.events && [...new Set(body.events)],
  includeInternal: body.include_internal,
  enabled: body.enabled,
});

/** Each event an endpoint may receive, under the document's `webhooks` (OpenAPI 3.1). */
function describeEvents(router: ReturnType<typeof createRouter>) {
  for (const type of EVENT_TYPES) {
    router.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      summary: `${type}, POSTed to each endpoint that wants it`,
      description:
        "Signed per Standard Webhooks: headers webhook-id (the event's id, the same on every retry), webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>).",
      request: { body: { content: { "application/json": { schema: EVENT_SCHEMAS[type] } } } },
      responses: {
        200: {
          description:
            "Any 2xx: delivered. 410: the endpoint is disabled. Anything else, or no answer: tried again.",
        },
      },
    });
  }
  return router;
}

/** Admins' webhook endpoints, their delivery log and replays; the events, described. */
export function webhookRoutes(endpoints: EndpointService) {
  return describeEvents(createRouter())
    .openapi(list, async (c) => {
      const all = await endpoints.list(c.var.actor);
      return c.json({ endpoints: all.map(presentEndpoint) }, 200);
    })
    .openapi(create, async (c) => {
      const created = await endpoints.create(c.var.actor, inputOf(c.req.valid("json")));
      return c.json({ ...presentEndpoint(created), secret: created.secret }, 201);
    })
    .openapi(get, async (c) => {
      const endpoint = await endpoints.get(c.var.actor, c.req.valid("param").endpoint_id);
      return c.json(presentEndpoint(endpoint), 200);
    })
    .openapi(update, async (c) => {
      const { endpoint_id } = c.req.valid("param");
      const updated = await endpoints.update(
        c.var.actor,
        endpoint_id,
        inputOf(c.req.valid("json")),
      );
      return c.json(presentEndpoint(updated), 200);
    })
    .openapi(remove, async (c) => {
      await endpoints.remove(c.var.actor, c.req.valid("param").endpoint_id);
      return c.body(null, 204);
    })
    .openapi(rotate, async (c) => {
      const rotated = await endpoints.rotate(c.var.actor, c.req.valid("param").endpoint_id);
      return c.json({ ...presentEndpoint(rotated), secret: rotated.secret }, 200);
    })
    .openapi(test, async (c) => {
      const delivery = await endpoints.sendTest(c.var.actor, c.req.valid("param").endpoint_id);
      return c.json(presentDelivery(delivery), 202);
    })
    .openapi(deliveries, async (c) => {
      const { endpoint_id } = c.req.valid("param");
      const { status, before, limit } = c.req.valid("query");
      const log = await endpoints.deliveries(c.var.actor, endpoint_id, {
        status: status ?? null,
        before: before ?? null,
        limit,
      });
      return c.json({ deliveries: log.map(presentDelivery) }, 200);
    })
    .openapi(replayOne, async (c) => {
      const { endpoint_id, delivery_id } = c.req.valid("param");
      const replayed = await endpoints.replay(c.var.actor, endpoint_id, delivery_id);
      return c.json(presentDelivery(replayed), 202);
    })
    .openapi(replayFailed, async (c) => {
      const { endpoint_id } = c.req.valid("param");
      const replayed = await endpoints.replayFailed(
        c.var.actor,
        endpoint_id,
        c.req.valid("json").since,
      );
      return c.json({ replayed: replayed.length }, 202);
    });
}
