import { z } from "@hono/zod-openapi";
import { queryInt } from "../../core/wire/params";
import { text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { EVENT_TYPES } from "./catalogue";
import type { Delivery, Endpoint } from "./webhook-rows";

// The webhooks feature's wire shapes.

const EXAMPLE_ENDPOINT = "ep_3f0e4c1e8a3b4d6f9a571f2b6c7d8e90";

export const endpointParams = z.object({
  endpoint_id: z
    .string()
    .regex(/^ep_[0-9a-f]{32}$/, "must be an endpoint's id")
    .openapi({ param: { name: "endpoint_id", in: "path" }, example: EXAMPLE_ENDPOINT }),
});

export const deliveryParams = endpointParams.extend({
  delivery_id: z
    .string()
    .max(200)
    .openapi({ param: { name: "delivery_id", in: "path" }, description: "A delivery's id." }),
});

const eventTypes = z
  .array(z.enum(EVENT_TYPES))
  .max(EVENT_TYPES.length)
  .openapi({ description: "The event types it wants; empty or left out: all of them." });

export const endpointBody = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .openapi({
        description:
          "Where deliveries are POSTed: https, to a public host (http and local addresses only where WEBHOOK_ALLOW_HTTP is on, in development).",
        example: "https://crm.example.com/hooks/support",
      }),
    description: text(500).nullable().optional(),
    events: eventTypes.optional(),
    include_internal: z.boolean().optional().openapi({
      description:
        "Whether internal notes reach it (message.created, visibility internal). Default false.",
    }),
    enabled: z.boolean().optional().openapi({ description: "Default true." }),
  })
  .openapi({
    example: { url: "https://crm.example.com/hooks/support", events: ["session.resolved"] },
  });

export const EndpointSchema = z
  .object({
    id: z.string().openapi({ example: EXAMPLE_ENDPOINT }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    include_internal: z.boolean(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().openapi({
      description: "Why the service disabled it (410 Gone, failing for days); null otherwise.",
    }),
    failing_since: timestamp.nullable(),
    previous_secret_until: timestamp.nullable().openapi({
      description: "After a rotation: until when the previous secret signs too.",
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi("WebhookEndpoint");

export const EndpointWithSecretSchema = EndpointSchema.extend({
  secret: z.string().openapi({
    description: "whsec_...: shown only now. Verify deliveries with it (Standard Webhooks).",
  }),
}).openapi("WebhookEndpointWithSecret");

export const DeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string().openapi({ description: "The `webhook-id` header." }),
    event_type: z.string(),
    session_id: z.string().nullable(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.int().min(0),
    last_status: z.int().nullable().openapi({ description: "The endpoint's last HTTP status." }),
    last_error: z.string().nullable().openapi({ description: "A timeout or a network error." }),
    last_attempt_at: timestamp.nullable(),
    latency_ms: z.int().nullable(),
    next_attempt_at: timestamp,
    created_at: timestamp,
    delivered_at: timestamp.nullable(),
  })
  .openapi("WebhookDelivery");

export const deliveriesQuery = z.object({
  status: z
    .enum(["pending", "delivered", "failed"])
    .optional()
    .openapi({ param: { name: "status", in: "query" } }),
  before: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({
      param: { name: "before", in: "query" },
      description: "A delivery's id: the page of those logged before it (the last one of a page).",
    }),
  limit: queryInt(1, 500)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" }, example: 50 }),
});

export const replayBody = z.object({
  since: z.iso.datetime().openapi({ description: "Every failed delivery of events since then." }),
});

export const presentEndpoint = (endpoint: Endpoint) => ({
  id: endpoint.id,
  url: endpoint.url,
  description: endpoint.description,
  events: endpoint.events,
  include_internal: endpoint.includeInternal,
  enabled: endpoint.enabled,
  disabled_reason: endpoint.disabledReason,
  failing_since: endpoint.failingSince,
  previous_secret_until: endpoint.previousSecretUntil,
  created_at: endpoint.createdAt,
  updated_at: endpoint.updatedAt,
});

export const presentDelivery = (delivery: Delivery) => ({
  id: delivery.id,
  event_id: delivery.eventId,
  event_type: delivery.eventType,
  session_id: delivery.sessionId,
  status: delivery.status,
  attempts: delivery.attempts,
  last_status: delivery.lastStatus,
  last_error: delivery.lastError,
  last_attempt_at: delivery.lastAttemptAt,
  latency_ms: delivery.latencyMs,
  next_attempt_at: delivery.nextAttemptAt,
  created_at: delivery.createdAt,
  delivered_at: delivery.deliveredAt,
});
