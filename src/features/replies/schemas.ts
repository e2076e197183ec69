import { z } from "@hono/zod-openapi";
import { uuidParam } from "../../core/wire/params";
import { matching, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { TeamIdSchema } from "../routing";
import { PLACEHOLDERS } from "./placeholders";
import type { SavedReply, SavedReplyFields } from "./reply-repository";

// The saved replies' wire shapes.

export const replyParams = z.object({
  reply_id: uuidParam("reply_id", "The saved reply's id."),
});

const PLACEHOLDER_LIST = Object.entries(PLACEHOLDERS)
  .map(([name, { about, fallback }]) => `{{${name}}} (${about}; missing: "${fallback}")`)
  .join(", ");

export const replyBody = z
  .object({
    shortcut: matching(
      /^[a-z0-9][a-z0-9_-]{0,31}$/,
      "must be 1-32 of a-z, 0-9, _ and -, starting alphanumeric",
    ).openapi({
      description: "What an agent types after `/`; unique for everyone, or within a team.",
      example: "refund",
    }),
    title: text(120, { notBlank: true }).openapi({ example: "How refunds work" }),
    text: text(2_000, { notBlank: true }).openapi({
      description: `Plain text, with placeholders filled in when inserted: ${PLACEHOLDER_LIST}. Any other {{...}} is refused.`,
      example: "Hi {{customer.name}}, refunds reach your card within 5 days. {{agent.name}}",
    }),
    team_id: TeamIdSchema.nullable()
      .optional()
      .openapi({ description: "The team it is for; null or left out: everyone." }),
  })
  .openapi({ example: { shortcut: "refund", title: "Refunds", text: "Hi {{customer.name}}" } });

export const fieldsOf = (body: z.output<typeof replyBody>): SavedReplyFields => ({
  shortcut: body.shortcut,
  title: body.title,
  text: body.text,
  teamId: body.team_id ?? null,
});

export const SavedReplySchema = z
  .object({
    id: z.uuid(),
    shortcut: z.string().openapi({ example: "refund" }),
    title: z.string(),
    text: z.string().openapi({
      description: "As saved (placeholders in it); filled in where the answer says so.",
    }),
    team_id: z.string().nullable().openapi({ description: "null: for everyone." }),
    team_name: z.string().nullable(),
    created_by: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi("SavedReply");

export const SavedRepliesSchema = z
  .object({ replies: z.array(SavedReplySchema) })
  .openapi("SavedReplies");

export function presentReply(reply: SavedReply): z.output<typeof SavedReplySchema> {
  return {
    id: reply.id,
    shortcut: reply.shortcut,
    title: reply.title,
    text: reply.text,
    team_id: reply.teamId,
    team_name: reply.teamName,
    created_by: reply.createdBy,
    created_at: reply.createdAt,
    updated_at: reply.updatedAt,
  };
}
