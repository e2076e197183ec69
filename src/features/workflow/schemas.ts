import { z } from "@hono/zod-openapi";
import { MESSAGE_AUTHORS, VISIBILITIES } from "../../core/chat";
import { OUTCOMES, PRIORITIES, SESSION_STATUSES } from "../../core/lifecycle";
import { requestSchemas, SessionFieldsSchema } from "../../core/wire/chat";
import { naming, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { ROLES } from "../../platform/auth/roles";
import type { Config } from "../../platform/config/config";
import { LabelRefSchema } from "../labels";

import type { QueueFilter } from "./queue-repository";

// Transport shapes of the support workflow: the queue, transitions, read state, agents, analytics.

const agentFields = {
  agent_id: naming(256).openapi({ example: "bob@example.com" }),
  agent_name: naming(200).optional().openapi({ example: "Bob" }),
};

export const AgentRefSchema = z.object(agentFields);

/** To an agent or to a team's queue: exactly one of the two shapes (a body with both fits neither). */
export const TransferSchema = z
  .xor([
    z.object(agentFields).openapi({ title: "To an agent" }),
    z
      .object({
        team_id: text(64, { min: 1 }).openapi({
          description: "Instead of an agent: the team whose queue the session moves to.",
          example: "billing",
        }),
      })
      .openapi({ title: "To a team's queue" }),
  ])
  .openapi({}, { unionPreferredType: "oneOf" });

export const EscalationSchema = z.object({
  reason: text(1000, { notBlank: true }).openapi({ example: "Billing dispute" }),
});

export const ResolutionSchema = z.object({ outcome: z.enum(OUTCOMES).default("resolved") });

export const RatingSchema = z.object({
  score: z.int().min(1).max(5),
  comment: text(2000).optional(),
});

export const QueueRowSchema = SessionFieldsSchema.extend({
  last_message: z
    .object({
      seq: z.int(),
      author_type: z.enum(MESSAGE_AUTHORS),
      content: z.string(),
      timestamp,
      visibility: z.enum(VISIBILITIES),
    })
    .nullable()
    .openapi({
      description:
        'A preview: the newest message someone wrote (the customer, an agent, the assistant; for agents an internal note too), never the service\'s own lines: neither system messages ("Alice joined", "Alice moved the chat to Billing") nor the greeting (seq 1, the same configured text in every session). null while there is none.',
    }),
  unread: z.int().min(0).openapi({ description: "Messages after the caller's last_read_seq." }),
  labels: z.array(LabelRefSchema).openapi({ description: "Its labels, by name." }),
}).openapi("QueueRow");

/** The queue's filters, sort and page, as GET /sessions (and its CSV export) read them. */
export const queueQuery = (config: Config) =>
  z.object({
    status: z.enum(SESSION_STATUSES).optional(),
    assignee: z.string().min(1).optional().openapi({ description: "me, none, or an agent id" }),
    priority: z.enum(PRIORITIES).optional(),
    escalated: z.enum(["true", "false"]).optional(),
    team: text(64, { min: 1 }).optional().openapi({ description: "A team id, or none" }),
    customer: text(256, { min: 1 })
      .optional()
      .openapi({ description: "A customer's id: their sessions (an agent's context)." }),
    label: z.uuid().optional().openapi({ description: "A label's id: the sessions carrying it." }),
    sort: z.enum(["waiting", "activity"]).default("waiting"),
    cursor: z.string().optional(),
    limit: requestSchemas(config).rowLimit,
  });

/** The filter a queue query asks for. */
export function queueFilterOf(
  q: Omit<z.output<ReturnType<typeof queueQuery>>, "limit">,
): QueueFilter {
  return {
    status: q.status,
    assignee: q.assignee,
    priority: q.priority,
    escalated: q.escalated === undefined ? undefined : q.escalated === "true",
    team: q.team,
    customer: q.customer,
    label: q.label?.toLowerCase(),
  };
}

export const QueuePageSchema = z
  .object({
    sessions: z.array(QueueRowSchema),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  })
  .openapi("QueuePage");

export const ReadMarkerSchema = z.object({
  last_read_seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const ReadStateSchema = z
  .object({
    last_read_seq: z.int(),
    unread: z
      .int()
      .openapi({ description: "Messages after last_read_seq that the caller may see." }),
  })
  .openapi("ReadState");

export const ParticipantsSchema = z
  .object({
    participants: z.array(
      z.object({
        id: z.string().optional().openapi({
          description: "For agents; a customer reads their own id and the others' names only.",
        }),
        role: z.enum(ROLES),
        name: z.string().nullable(),
        joined_at: timestamp,
        left_at: timestamp.nullable(),
        last_read_seq: z.int(),
      }),
    ),
  })
  .openapi("Participants");
