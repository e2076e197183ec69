import { z } from "@hono/zod-openapi";
import { matching, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import type { Article, ArticleHit } from "./kb-repository";

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
