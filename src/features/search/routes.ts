import { requires, viewOf } from "../../core/access";
import { presentSessionFields } from "../../core/wire/present";
import type { Config } from "../../platform/config/config";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { SearchQuerySchema, SearchResultsSchema } from "./schemas";
import type { SearchService } from "./search-service";

/** Search across conversations (agents, supervisors, admins). */
export function searchRoutes(search: SearchService, config: Config) {
  const route = defineRoute({
    method: "get",
    path: "/search/messages",
    operationId: "searchMessages",
    tags: ["search"],
    summary: "Search the transcripts (agents, supervisors, admins)",
    description:
      "Messages containing every word of q, best match first (FTS5, bm25; ties: the newest first), with the session each belongs to and the matching words marked. Agents search their teams' sessions, those in no team and those they hold; supervisors and admins every session. Internal notes are found by staff; customers are refused. Pages by offset (next_offset).",
    access: "token",
    requires: requires("conversation:search"),
    request: { query: SearchQuerySchema },
    responses: { 200: json(SearchResultsSchema, "One page of matching messages.") },
  });

  return createRouter().openapi(route, async (c) => {
    const { q, offset, limit, from, to, ...filter } = c.req.valid("query");
    const page = await search.search(
      c.var.actor,
      q,
      {
        ...filter,
        from: from && new Date(from).toISOString(),
        to: to && new Date(to).toISOString(),
      },
      offset,
      limit,
    );
    const view = viewOf(c.var.actor);
    return c.json(
      {
        results: page.hits.map((hit) => ({
          message: {
            id: hit.message.id,
            seq: hit.message.seq,
            timestamp: hit.message.timestamp,
            author_type: hit.message.authorType,
            author_name: hit.message.authorName,
            visibility: hit.message.visibility,
          },
          session: presentSessionFields(hit.session, view),
          snippet: hit.snippet,
        })),
        has_more: page.nextOffset !== null,
        next_offset: page.nextOffset,
        archived: { searchable: false as const, after_days: config.archive.afterDays },
      },
      200,
    );
  });
}
