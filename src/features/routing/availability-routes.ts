import { z } from "@hono/zod-openapi";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { TeamIdSchema } from "./schemas";
import type { TeamAvailability, TeamAvailabilityService } from "./team-availability";

export const AvailabilitySchema = z
  .object({
    team_id: TeamIdSchema.nullable().openapi({
      description: "The team a new session would join (the one asked for, else DEFAULT_TEAM).",
    }),
    online: z.boolean().openapi({
      description:
        "Some member of the team (any agent, for no team) has a console open and chose online.",
    }),
    within_hours: z.boolean().openapi({
      description: "Within the team's hours, else SUPPORT_HOURS; true when neither says.",
    }),
    assistant: z
      .boolean()
      .openapi({ description: "The AI assistant answers first (AI_RESPONDER)." }),
    prechat_form: z.boolean().openapi({
      description:
        "The widget asks for a name, an email and the question first (PRECHAT_FORM_TEAMS).",
    }),
  })
  .openapi("Availability");

const presentAvailability = (found: TeamAvailability): z.infer<typeof AvailabilitySchema> => ({
  team_id: found.teamId,
  online: found.online,
  within_hours: found.withinHours,
  assistant: found.assistant,
  prechat_form: found.prechatForm,
});

/** Whether a team is there for a new chat, and which form the widget shows before it. */
export function availabilityRoutes(availability: TeamAvailabilityService) {
  const route = defineRoute({
    method: "get",
    path: "/availability",
    operationId: "getAvailability",
    tags: ["sessions"],
    summary: "Whether a team is there for a new chat, and which form the widget shows first",
    description:
      "What the widget asks before the first message: with a pre-chat form it asks who is writing; with the team away (nobody online, or outside its hours) and no assistant, it offers to reply by email.",
    access: "public",
    request: {
      query: z.object({
        team_id: TeamIdSchema.optional().openapi({
          description: "The team to talk to (as POST /sessions takes it); none: DEFAULT_TEAM.",
        }),
      }),
    },
    responses: { 200: json(AvailabilitySchema, "The team's availability.") },
    refusals: { 400: "There is no such team." },
  });
  return createRouter().openapi(route, async (c) => {
    const { team_id } = c.req.valid("query");
    return c.json(presentAvailability(await availability.of(team_id)), 200);
  });
}
