import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Where admins want the desk's events sent (Standard Webhooks), and what they want. */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description"),
  // A JSON array of event types (an empty one: all of them).
  events: text("events").notNull().default("[]"),
  // Whether internal notes' messages go there too (message.created, marked internal).
  includeInternal: integer("include_internal", { mode: "boolean" }).notNull().default(false),
  // whsec_...: signs every delivery; after a rotation the previous one signs too, until it expires.
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousSecretUntil: text("previous_secret_until"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  // Why it was disabled by the service (410 Gone, failing for days); null: by an admin, or enabled.
  disabledReason: text("disabled_reason"),
  // When its deliveries started failing (null: the last one succeeded).
  failingSince: text("failing_since"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * One event for one endpoint: written with the event (in the batch that removes the write's outbox
 * entry), sent through the WEBHOOKS queue, retried on the schedule, kept as the delivery log.
 * `id` is the event's id and the endpoint's: the same event is never recorded twice for an endpoint.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id").notNull(),
    endpointId: text("endpoint_id").notNull(),
    eventType: text("event_type").notNull(),
    sessionId: text("session_id"),
    // Events of one session reach an endpoint in this order.
    orderKey: text("order_key").notNull(),
    // The body sent, as first built (a retry or a replay sends the same).
    payload: text("payload").notNull(),
    // pending, delivered or failed.
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastAttemptAt: text("last_attempt_at"),
    latencyMs: integer("latency_ms"),
    // When it is due (again): the sweep re-enqueues a pending one long past it.
    nextAttemptAt: text("next_attempt_at").notNull(),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_endpoint_idx").on(table.endpointId, table.createdAt, table.id),
    index("webhook_deliveries_order_idx")
      .on(table.endpointId, table.sessionId, table.orderKey)
      .where(sql`status = 'pending'`),
    index("webhook_deliveries_due_idx").on(table.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);
