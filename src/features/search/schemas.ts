import { z } from "@hono/zod-openapi";
import { MESSAGE_AUTHORS, VISIBILITIES } from "../../core/chat";
import { SESSION_STATUSES } from "../../core/lifecycle";
import { SessionFieldsSchema } from "../../core/wire/chat";
import { queryInt } from "../../core/wire/params";
import { text } from "../../core/wire/text";
import { instant, periodInOrder, timestamp } from "../../core/wire/time";

/** The most results a page holds, and how far paging reaches (past it, narrow the search). */
export const MAX_LIMIT = 50;
export const MAX_OFFSET = 250;

export const SearchQuerySchema = z
  .object({
    q: text(200, { notBlank: true }).openapi({
      description:
        "Words a message must all contain (any form: 'refunds' finds 'refund'; the last word also as the start of a longer one). Punctuation and operators are ignored.",
      example: "refund parcel",
    }),
    status: z.enum(SESSION_STATUSES).optional(),
    team: text(64, { min: 1 }).optional().openapi({ description: "A team id, or none" }),
    assignee: text(256, { min: 1 }).optional().openapi({ description: "me, none, or an agent id" }),
    label: z
      .uuid()
      .optional()
      .openapi({ description: "A label's id: messages of the sessions carrying it." }),
    customer: text(256, { min: 1 }).optional().openapi({ description: "A customer's id" }),
    from: instant.optional().openapi({ description: "Messages written at or after this moment." }),
    to: instant.optional().openapi({ description: "Messages written before this moment." }),
    offset: queryInt(0, MAX_OFFSET)
      .default(0)
      .openapi({ description: "next_offset of the page before." }),
    limit: queryInt(1, MAX_LIMIT).default(20),
  })
  .refine(...periodInOrder);

const SnippetSchema = z.array(z.object({ text: z.string(), match: z.boolean() })).openapi({
  description:
    "The message around its matching words, as plain text pieces; `match` marks the words to highlight. Show every piece as text (never as HTML).",
});

export const SearchResultsSchema = z
  .object({
    results: z.array(
      z.object({
        message: z.object({
          id: z.uuid(),
          seq: z.int(),
          timestamp,
          author_type: z.enum(MESSAGE_AUTHORS),
          author_name: z.string().nullable(),
          visibility: z.enum(VISIBILITIES),
        }),
        session: SessionFieldsSchema,
        snippet: SnippetSchema,
      }),
    ),
    has_more: z.boolean(),
    next_offset: z.int().nullable(),
    archived: z
      .object({
        searchable: z.literal(false),
        after_days: z.int(),
      })
      .openapi({
        description:
          "Sessions resolved more than after_days ago are archived (their transcript moved out of the database) and are not searched.",
      }),
  })
  .openapi("ConversationSearchResults");
