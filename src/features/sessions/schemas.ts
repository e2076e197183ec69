import { z } from "@hono/zod-openapi";
import { text } from "../../core/wire/text";
import { localeTag } from "../../platform/locale";
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
      // The pattern check hides z.url()'s format from the document: named again.
      .openapi({
        format: "uri",
        description: "The page the widget runs on (for the page_url routing rules).",
      }),
    skill: SkillSchema.optional().openapi({
      description: "A skill the agent must have (e.g. a language).",
    }),
    locale: localeTag.optional().openapi({
      description:
        "The customer's language as a BCP 47 tag (`de`, `pt-BR`), e.g. the widget's: the greeting and the responder's answers follow it, the assistant prefers articles in it and tells the customer in it when it hands them to a person. Stored canonicalized.",
      example: "de",
    }),
    identity_token: z.string().min(1).max(8_192).optional().openapi({
      description:
        "The identity the site signed for its signed-in user (see POST /identity/conversations): the session is theirs, on any device. One that does not verify is refused (403) and nothing is started.",
    }),
    contact: z
      .object({
        name: text(100, { notBlank: true }).optional().openapi({ example: "Ada" }),
        email: z.email().max(254).optional().openapi({ example: "ada@example.com" }),
      })
      .optional()
      .openapi({
        description:
          "What the widget's pre-chat or offline form collected: the session's customer name is `name`, and a contact (not verified) is kept with `name` and `email` for a customer who has none, so that replies they do not see are emailed to them. Not with identity_token, which already says who they are (400).",
      }),
  })
  .refine((body) => !(body.contact && body.identity_token), {
    path: ["contact"],
    message: "must not come with identity_token: a signed identity already says who they are",
  })
  .openapi({
    description:
      "All optional: a widget with no team, page, skill or signed-in user to name sends no body.",
    example: {},
  });
