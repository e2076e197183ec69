import { z } from "@hono/zod-openapi";
import { matching, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import type { Article, ArticleHit } from "./kb-repository";
import type { Synonym } from "./synonym-repository";

// Transport shapes of the knowledge base.

export const ArticleInputSchema = z.object({
  title: text(200, { notBlank: true }).openapi({ example: "Where is my order?" }),
  body: text(20_000, { notBlank: true }).openapi({
    example: "Orders ship within two working days. Track yours under Account > Orders.",
  }),
  tags: z
    .array(text(40, { notBlank: true }))
    .max(20)
    .default([]),
  phrasings: z
    .array(text(120, { notBlank: true }))
    .max(30)
    .default([])
    .openapi({
      description:
        'Ways customers ask for it, in their words ("money back", "get a refund"): searched with the article and weighing like its title.',
      example: ["track my parcel", "where is my package"],
    }),
  locale: matching(/^[a-z]{2}(-[A-Z]{2})?$/, "must be a language tag like en or en-GB").default(
    "en",
  ),
  published: z.boolean().default(true),
});

export const ArticleSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    phrasings: z.array(z.string()),
    locale: z.string(),
    published: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi("Article");

export const ArticleListSchema = z
  .object({ articles: z.array(ArticleSchema), next_cursor: z.string().nullable() })
  .openapi("ArticleList");

export const SearchResultsSchema = z
  .object({
    articles: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        excerpt: z.string().openapi({ description: "The best-matching part of the body." }),
        score: z.number().openapi({ description: "Relevance (bm25, negated): higher is better." }),
        tags: z.array(z.string()),
        locale: z.string(),
      }),
    ),
  })
  .openapi("SearchResults");

export function presentArticle(article: Article) {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    tags: article.tags,
    phrasings: article.phrasings,
    locale: article.locale,
    published: article.published,
    created_at: article.createdAt,
    updated_at: article.updatedAt,
  } satisfies z.input<typeof ArticleSchema>;
}

export function presentHit({ article, score, excerpt }: ArticleHit) {
  return {
    id: article.id,
    title: article.title,
    excerpt,
    score,
    tags: article.tags,
    locale: article.locale,
  };
}

/** A word as the synonym list holds it: letters, digits, spaces, hyphens and apostrophes. */
const word = matching(
  /^[\p{L}\p{N}][\p{L}\p{N} '-]{0,59}$/u,
  "must be a word or a few (letters, digits, spaces, - and ', at most 60)",
).transform((w) => w.trim().toLowerCase());

export const SynonymTermParam = word.openapi({
  param: { name: "term", in: "path" },
  description: "The word the articles use (any case).",
  example: "parcel",
});

export const SynonymInputSchema = z
  .object({
    synonyms: z
      .array(word)
      .min(1)
      .max(20)
      .openapi({ description: "Words customers use for it.", example: ["package", "packet"] }),
  })
  .openapi("SynonymInput");

export const SynonymSchema = z
  .object({
    term: z.string(),
    synonyms: z.array(z.string()),
    updated_at: timestamp,
  })
  .openapi("Synonym");

export const SynonymListSchema = z
  .object({ synonyms: z.array(SynonymSchema) })
  .openapi("SynonymList");

export function presentSynonym(entry: Synonym) {
  return { term: entry.term, synonyms: entry.synonyms, updated_at: entry.updatedAt };
}
