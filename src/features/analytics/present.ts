import type { z } from "@hono/zod-openapi";
import type { AnalyticsRepository } from "./analytics-repository";
import type { Figures } from "./figures";
import type { AnalyticsSummarySchema } from "./schemas";

type Summary = Awaited<ReturnType<AnalyticsRepository["summary"]>>;

const out = (f: Figures) => ({
  started: f.started,
  resolved: f.resolved,
  abandoned: f.abandoned,
  time_to_first_response: f.firstResponse,
  time_to_resolution: f.resolution,
  average_rating: f.averageRating,
  ratings: f.ratings,
});

/** The figures as the API answers them (JSON, and the rows of the CSV export). */
export function presentSummary(
  from: string,
  to: string,
  { team, agents, teams, labels, bot }: Summary,
): z.input<typeof AnalyticsSummarySchema> {
  return {
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
    labels: labels.map((l) => ({
      label_id: l.labelId,
      name: l.name,
      colour: l.colour,
      started: l.started,
      resolved: l.resolved,
      abandoned: l.abandoned,
      time_to_resolution: l.resolution,
      average_rating: l.averageRating,
      ratings: l.ratings,
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
  };
}
