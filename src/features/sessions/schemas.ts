import { z } from "@hono/zod-openapi";
import { SkillSchema, TeamIdSchema } from "../routing";

/** What a widget may say when it starts a session: the team, the page it is on, a skill needed. */
export const SessionRequestSchema = z
  .object({
    team_id: TeamIdSchema.optional().openapi({ description: "The team to talk to." }),
    page_url: z
      .url()
      .max(2000)
      .regex(/^[!-~]+$/, "must be ASCII without spaces (percent-encode the rest)")
      .optional()
      .openapi({ description: "The page the widget runs on (for the page_url routing rules)." }),
    skill: SkillSchema.optional().openapi({
      description: "A skill the agent must have (e.g. a language).",
    }),
    identity_token: z.string().min(1).max(8_192).optional().openapi({
      description:
        "The identity the site signed for its signed-in user (see POST /identity/conversations): the session is theirs, on any device. One that does not verify is refused (403) and nothing is started.",
    }),
  })
  .openapi({
    description:
      "All optional: a widget with no team, page, skill or signed-in user to name sends no body.",
    example: {},
  });
