import { z } from "@hono/zod-openapi";
import { HANDOFF_REASON_CODES } from "../../core/handoff";
import { timestamp } from "../../core/wire/time";

// What the analytics answer: the desk's, each agent's and each team's figures, and the bot's.

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
    labels: z
      .array(
        z.object({
          label_id: z.string(),
          name: z.string(),
          colour: z.string(),
          started: z.int(),
          resolved: z.int(),
          abandoned: z.int(),
          time_to_resolution: duration,
          average_rating: z.number().nullable(),
          ratings: z.int(),
        }),
      )
      .openapi({
        description:
          "Per label, over the sessions carrying it now that started or ended in the range (a session counts for each of its labels); most sessions started first.",
      }),
    bot: botFigures,
  })
  .openapi("AnalyticsSummary");
