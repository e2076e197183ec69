import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { instant, periodInOrder } from "../../core/wire/time";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { AnalyticsService } from "./analytics-service";
import { presentSummary } from "./present";
import { AnalyticsSummarySchema } from "./schemas";

const summary = defineRoute({
  method: "get",
  path: "/analytics/summary",
  operationId: "getAnalyticsSummary",
  tags: ["workflow"],
  summary: "How the team is doing (supervisors, admins)",
  description:
    "Over [from, to): sessions started, resolved, abandoned; median and p90 seconds to the first agent response and to resolution; average rating; the same per agent (started = sessions handled), with the sessions they were given and their service levels; per team, sessions started, time to first response and service-level attainment; per label, sessions started, resolved, abandoned, time to resolution and rating; the AI first responder's figures. Computed in SQL.",
  access: "token",
  requires: requires("analytics:read"),
  request: {
    query: z
      .object({
        from: instant,
        to: instant,
      })
      .refine(...periodInOrder),
  },
  responses: { 200: json(AnalyticsSummarySchema, "The figures.") },
});

export function analyticsRoutes(analytics: AnalyticsService) {
  return createRouter().openapi(summary, async (c) => {
    const query = c.req.valid("query");
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    return c.json(presentSummary(from, to, await analytics.summary(c.var.actor, from, to)), 200);
  });
}
