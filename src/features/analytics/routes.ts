import { z } from "@hono/zod-openapi";
import { instant } from "../../core/wire/time";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { AnalyticsService } from "./analytics-service";
import { AnalyticsSummarySchema } from "./schemas";

const summary = defineRoute({
  method: "get",
  path: "/analytics/summary",
  operationId: "getAnalyticsSummary",
  tags: ["workflow"],
  summary: "How the team is doing (supervisors, admins)",
  description:
    "Over [from, to): sessions started, resolved, abandoned; median and p90 seconds to the first agent response and to resolution; average rating; the same per agent (started = sessions handled), with the sessions they were given and their service levels; per team, sessions started, time to first response and service-level attainment; the AI first responder's figures. Computed in SQL.",
  access: "token",
  request: {
    query: z.object({
      from: instant,
      to: instant,
    }),
  },
  responses: { 200: json(AnalyticsSummarySchema, "The figures.") },
});

export function analyticsRoutes(analytics: AnalyticsService) {
  return createRouter().openapi(summary, async (c) => {
    const query = c.req.valid("query");
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const { team, agents, teams, bot } = await analytics.summary(c.var.actor, from, to);
    const out = (f: typeof team) => ({
      started: f.started,
      resolved: f.resolved,
      abandoned: f.abandoned,
      time_to_first_response: f.firstResponse,
      time_to_resolution: f.resolution,
      average_rating: f.averageRating,
      ratings: f.ratings,
    });
    return c.json(
      {
        from,
        to,
        team: out(team),
        agents: agents.map((a) => ({
          agent_id: a.agentId,
          agent_name: a.agentName,
          ...out(a),
          assignments: a.assignments,
          service_levels: a.serviceLevels,
        })),
        teams: teams.map((t) => ({
          team_id: t.teamId,
          started: t.started,
          time_to_first_response: t.firstResponse,
          service_levels: t.serviceLevels,
        })),
        bot: {
          sessions: bot.sessions,
          contained: bot.contained,
          containment: bot.containment,
          handoffs: bot.handoffs,
          handoffs_by_reason: bot.handoffsByReason,
          time_to_handoff: bot.timeToHandoff,
          replies: bot.replies,
          average_rating_bot_only: bot.averageRatingBotOnly,
          average_rating_with_person: bot.averageRatingWithPerson,
        },
      },
      200,
    );
  });
}
