import { z } from "@hono/zod-openapi";
import { presentReply, SavedReplySchema } from "../replies";
import type { Draft, Summary } from "./draft-service";

// The drafts' wire shapes.

export const draftBody = z
  .object({
    include_notes: z.boolean().optional().openapi({
      description:
        "Whether the session's internal notes go to the model too (never into the draft). Default false: the public conversation only.",
    }),
  })
  .openapi({ example: { include_notes: false } });

const NO_DRAFT = [
  "no_model",
  "no_question",
  "no_match",
  "model_declined",
  "model_timeout",
  "model_failure",
] as const;

const ArticleSuggestionSchema = z.object({
  id: z.string(),
  title: z.string(),
  excerpt: z.string().openapi({ description: "The best-matching part of its body." }),
});

export const DraftSchema = z
  .object({
    draft: z.string().nullable().openapi({
      description: "A reply for the agent to read, edit and send; null: none (see `reason`).",
    }),
    sources: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .openapi({ description: "The articles the draft was written from." }),
    reason: z.enum(NO_DRAFT).nullable().openapi({
      description:
        "Why there is no draft: no model configured, nothing the customer asked yet, no article matched, the model declined, timed out or failed.",
    }),
    suggestions: z.object({
      articles: z.array(ArticleSuggestionSchema),
      replies: z
        .array(SavedReplySchema)
        .openapi({ description: "Saved replies that match, filled in for the session." }),
    }),
  })
  .openapi("Draft");

export const SummarySchema = z
  .object({
    summary: z.string(),
    by: z.enum(["model", "excerpt"]).openapi({
      description:
        "model: written by the model; excerpt: the customer's own first and latest words (no model, or it failed).",
    }),
    reason: z.enum(["no_model", "model_timeout", "model_failure"]).nullable(),
    messages: z.int().min(0).openapi({ description: "How many messages it covers." }),
  })
  .openapi("Summary");

export function presentDraft(draft: Draft): z.output<typeof DraftSchema> {
  return {
    draft: draft.text,
    sources: draft.sources,
    reason: draft.reason,
    suggestions: {
      articles: draft.articles.map((hit) => ({
        id: hit.article.id,
        title: hit.article.title,
        excerpt: hit.excerpt,
      })),
      replies: draft.replies.map(presentReply),
    },
  };
}

export const presentSummary = (summary: Summary): z.output<typeof SummarySchema> => ({
  summary: summary.text,
  by: summary.by,
  reason: summary.reason,
  messages: summary.messages,
});
