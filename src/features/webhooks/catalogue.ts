import { z } from "@hono/zod-openapi";
import type { QueueChange } from "../../core/lifecycle";
import { MessageSchema, SessionFieldsSchema } from "../../core/wire/chat";
import { timestamp } from "../../core/wire/time";

// Every event the desk tells other systems of, from the changes it already records (the outbox's),
// with the payload schema of each (the OpenAPI document's `webhooks`).

/** The session's events, from the change that caused them. */
const SESSION_EVENTS = {
  created: "session.created",
  claimed: "session.assigned",
  assigned: "session.assigned",
  transferred: "session.transferred",
  escalated: "session.escalated",
  resolved: "session.resolved",
  reopened: "session.reopened",
  rated: "session.rated",
  handed_off: "session.handed_off",
  sla_breached: "session.sla_breached",
} as const satisfies Partial<Record<QueueChange, string>>;

export const sessionEventOf = (change: QueueChange): SessionEventType | null =>
  (SESSION_EVENTS as Partial<Record<QueueChange, SessionEventType>>)[change] ?? null;

type SessionEventType = (typeof SESSION_EVENTS)[keyof typeof SESSION_EVENTS];
const SESSION_EVENT_TYPES = [...new Set(Object.values(SESSION_EVENTS))] as SessionEventType[];

export const EVENT_TYPES = [...SESSION_EVENT_TYPES, "message.created", "webhook.test"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D, description: string) =>
  z
    .object({
      id: z.string().openapi({
        description: "The event's id: the `webhook-id` header, the same on every retry.",
      }),
      type: z.literal(type),
      timestamp,
      data,
    })
    .openapi(`Event_${type.replace(".", "_")}`, { description });

const sessionData = z.object({ session: SessionFieldsSchema });

/** Each event type's body, as an endpoint receives it. */
export const EVENT_SCHEMAS = {
  ...Object.fromEntries(
    SESSION_EVENT_TYPES.map((type) => [
      type,
      envelope(
        type,
        sessionData,
        `The session, as agents see it, right after the change (${type}).`,
      ),
    ]),
  ),
  "message.created": envelope(
    "message.created",
    z.object({ session_id: z.uuid(), message: MessageSchema }),
    "A message of a customer, an agent or the assistant. Internal notes (visibility internal) only reach endpoints that include them.",
  ),
  "webhook.test": envelope(
    "webhook.test",
    z.object({ endpoint_id: z.string() }),
    'Sent by the console\'s "send test event" (POST /webhooks/endpoints/{endpoint_id}/test).',
  ),
} as unknown as Record<EventType, z.ZodType>;
