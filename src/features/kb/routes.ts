import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { requestSchemas } from "../../core/wire/chat";
import { queryInt, uuidParam } from "../../core/wire/params";
import { text } from "../../core/wire/text";
import type { Config } from "../../platform/config/config";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { KnowledgeService } from "./knowledge-service";
import {
  ArticleInputSchema,
  ArticleListSchema,
  ArticleSchema,
  presentArticle,
  presentHit,
  presentSynonym,
  SearchResultsSchema,
  SynonymInputSchema,
  SynonymListSchema,
  SynonymSchema,
  SynonymTermParam,
} from "./schemas";

const articleParams = z.object({
  article_id: uuidParam("article_id", "The article's UUID (any case)."),
});

/** The knowledge base: articles (admins, supervisors) and search (anyone in a chat). */
export function kbRoutes(knowledge: KnowledgeService, config: Config) {
  const create = defineRoute({
    method: "post",
    path: "/kb/articles",
    operationId: "createArticle",
    tags: ["kb"],
    summary: "Write a knowledge-base article (admins, supervisors)",
    description:
      "The AI first responder answers only from published articles; it finds them with full-text search (SQLite FTS5, ranked by bm25; the title weighs most, then the tags).",
    access: "token",
    requires: requires("kb:manage"),
    request: jsonBody(ArticleInputSchema),
    responses: { 201: json(ArticleSchema, "The article.") },
  });

  const list = defineRoute({
    method: "get",
    path: "/kb/articles",
    operationId: "listArticles",
    tags: ["kb"],
    summary: "Every article, published or not (admins, supervisors)",
    access: "token",
    requires: requires("kb:manage"),
    request: {
      query: z.object({
        cursor: z.string().optional().openapi({ description: "next_cursor of the page before." }),
        limit: requestSchemas(config).rowLimit,
      }),
    },
    responses: { 200: json(ArticleListSchema, "A page of articles, in id order.") },
  });

  const get = defineRoute({
    method: "get",
    path: "/kb/articles/{article_id}",
    operationId: "getArticle",
    tags: ["kb"],
    summary: "Read an article (a published one: anyone in a chat)",
    access: "token",
    request: { params: articleParams },
    responses: { 200: json(ArticleSchema, "The article.") },
  });

  const update = defineRoute({
    method: "put",
    path: "/kb/articles/{article_id}",
    operationId: "updateArticle",
    tags: ["kb"],
    summary: "Replace an article (admins, supervisors)",
    access: "token",
    requires: requires("kb:manage"),
    request: { params: articleParams, ...jsonBody(ArticleInputSchema) },
    responses: { 200: json(ArticleSchema, "The article as it is now.") },
  });

  const remove = defineRoute({
    method: "delete",
    path: "/kb/articles/{article_id}",
    operationId: "deleteArticle",
    tags: ["kb"],
    summary: "Delete an article (admins, supervisors)",
    access: "token",
    requires: requires("kb:manage"),
    request: { params: articleParams },
    responses: { 204: { description: "Deleted." } },
  });

  const search = defineRoute({
    method: "get",
    path: "/kb/search",
    operationId: "searchArticles",
    tags: ["kb"],
    summary: "Search the published articles (anyone in a chat)",
    description: "Any of the words of `q` (FTS5, ranked by bm25, best first).",
    access: "token",
    request: {
      query: z.object({
        q: text(500, { min: 1 }),
        limit: queryInt(1, 50).default(5),
      }),
    },
    responses: { 200: json(SearchResultsSchema, "The best-matching published articles.") },
  });

  const listSynonyms = defineRoute({
    method: "get",
    path: "/kb/synonyms",
    operationId: "listSynonyms",
    tags: ["kb"],
    summary: "The desk's synonym list (admins, supervisors)",
    description:
      "Words customers use for the words the articles use: a question with either finds articles with either.",
    access: "token",
    requires: requires("kb:manage"),
    responses: { 200: json(SynonymListSchema, "Every entry, in term order.") },
  });

  const putSynonyms = defineRoute({
    method: "put",
    path: "/kb/synonyms/{term}",
    operationId: "putSynonyms",
    tags: ["kb"],
    summary: "Set a word's synonyms (admins, supervisors)",
    access: "token",
    requires: requires("kb:manage"),
    request: { params: z.object({ term: SynonymTermParam }), ...jsonBody(SynonymInputSchema) },
    responses: { 200: json(SynonymSchema, "The entry as it is now.") },
  });

  const removeSynonyms = defineRoute({
    method: "delete",
    path: "/kb/synonyms/{term}",
    operationId: "deleteSynonyms",
    tags: ["kb"],
    summary: "Remove a word's synonyms (admins, supervisors)",
    access: "token",
    requires: requires("kb:manage"),
    request: { params: z.object({ term: SynonymTermParam }) },
    responses: { 204: { description: "Removed." } },
  });

  return createRouter()
    .openapi(create, async (c) =>
      c.json(presentArticle(await knowledge.create(c.var.actor, c.req.valid("json"))), 201),
    )
    .openapi(list, async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const articles = await knowledge.list(c.var.actor, cursor ?? "", limit + 1);
      const page = articles.slice(0, limit);
      const next = articles.length > limit ? (page.at(-1)?.id ?? null) : null;
      return c.json({ articles: page.map(presentArticle), next_cursor: next }, 200);
    })
    .openapi(get, async (c) => {
      const { article_id } = c.req.valid("param");
      return c.json(presentArticle(await knowledge.get(c.var.actor, article_id)), 200);
    })
    .openapi(update, async (c) => {
      const { article_id } = c.req.valid("param");
      const article = await knowledge.update(c.var.actor, article_id, c.req.valid("json"));
      return c.json(presentArticle(article), 200);
    })
    .openapi(remove, async (c) => {
      const { article_id } = c.req.valid("param");
      await knowledge.remove(c.var.actor, article_id);
      return c.body(null, 204);
    })
    .openapi(search, async (c) => {
      const { q, limit } = c.req.valid("query");
      const hits = await knowledge.search(c.var.actor, q, limit);
      return c.json({ articles: hits.map(presentHit) }, 200);
    })
    .openapi(listSynonyms, async (c) => {
      const entries = await knowledge.synonyms(c.var.actor);
      return c.json({ synonyms: entries.map(presentSynonym) }, 200);
    })
    .openapi(putSynonyms, async (c) => {
      const { term } = c.req.valid("param");
      const { synonyms } = c.req.valid("json");
      return c.json(presentSynonym(await knowledge.putSynonyms(c.var.actor, term, synonyms)), 200);
    })
    .openapi(removeSynonyms, async (c) => {
      const { term } = c.req.valid("param");
      await knowledge.removeSynonyms(c.var.actor, term);
      return c.body(null, 204);
    });
}
