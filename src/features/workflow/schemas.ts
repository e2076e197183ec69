import { z } from "@hono/zod-openapi";
import { MESSAGE_AUTHORS, VISIBILITIES } from "../../core/chat";
import { HANDOFF_REASON_CODES } from "../../core/handoff";
import { OUTCOMES } from "../../core/lifecycle";
import { SessionFieldsSchema } from "../../core/wire/chat";
import { text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { ROLES } from "../../platform/auth/roles";

// Transport shapes of the support workflow: the queue, transitions, read state, agents, analytics.

const agentFields = {
  agent_id: text(256, { min: 1 }).openapi({ example: "bob@example.com" }),
  agent_name: text(200, { min: 1 }).optional().openapi({ example: "Bob" }),
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
    .openapi({ description: "The newest message, as a preview." }),
  unread: z.int().min(0).openapi({ description: "Messages after the caller's last_read_seq." }),
}).openapi("QueueRow");

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

export const CapacitySchema = z.object({ capacity: z.int().min(0).max(1000) });

const duration = z
  .object({ median: z.number().nullable(), p90: z.number().nullable(), count: z.int() })
  .openapi({ description: "Seconds; nearest-rank percentiles over `count` sessions." });

const figures = z.object({
  started: z.int(),
  resolved: z.int(),
  abandoned: z.int(),
  time_to_first_response: duration,
  time_to_resolution: duration,
  average_rating: z.number().nullable(),
  ratings: z.int(),
});

const botFigures = z
  .object({
    sessions: z.int().openapi({ description: "Sessions started with the bot." }),
    contained: z.int().openapi({ description: "Of those, resolved without a person." }),
    containment: z.number().nullable().openapi({ description: "contained / sessions." }),
    handoffs: z.int(),
    handoffs_by_reason: z.partialRecord(z.enum(HANDOFF_REASON_CODES), z.int()),
    time_to_handoff: duration,
    replies: z
      .int()
      .openapi({ description: "The bot's replies in sessions started in the range." }),
    average_rating_bot_only: z.number().nullable(),
    average_rating_with_person: z.number().nullable(),
  })
  .openapi({ description: "The AI first responder's figures." });

const serviceLevels = z
  .object({
    measured: z.int().openapi({
      description: "Sessions with a target that got their first answer or missed a target.",
    }),
    breached: z.int().openapi({ description: "Of those, sessions that missed a target." }),
    attainment: z.number().nullable().openapi({ description: "(measured - breached) / measured." }),
  })
  .openapi({ description: "Service levels, over sessions started in teams that have targets." });

export const AnalyticsSummarySchema = z
  .object({
    from: timestamp,
    to: timestamp,
    team: figures,
    agents: z.array(
      figures.extend({
        agent_id: z.string(),
        agent_name: z.string().nullable(),
        assignments: z.int().openapi({
          description:
            "Times they were given a session in the range: claimed, taken, assigned, routed or transferred to them.",
        }),
        service_levels: serviceLevels,
      }),
    ),
    teams: z.array(
      z.object({
        team_id: z.string(),
        started: z.int(),
        time_to_first_response: duration,
        service_levels: serviceLevels,
      }),
    ),
    bot: botFigures,
  })
  .openapi("AnalyticsSummary");
