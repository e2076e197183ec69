import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { instant, periodInOrder } from "../../core/wire/time";
import type { Config } from "../../platform/config/config";
import { defineRoute } from "../../platform/http/define-route";
import { header } from "../../platform/http/problem-schemas";
import { createRouter } from "../../platform/http/router";
import { queueFilterOf, queueQuery } from "../workflow";
import { EXPORT_ROWS, type ExportService } from "./export-service";

const SAFE_CSV =
  "UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting; a text cell starting with = + - @, a tab or a carriage return is prefixed with ' so that a spreadsheet shows it rather than running it.";

const csv = (description: string, more = false) => ({
  description,
  headers: {
    "Content-Disposition": header("attachment, with a file name."),
    ...(more && {
      Link: header(
        'rel="next": the same export from where this file ends (when more rows remain).',
        false,
      ),
    }),
  },
  content: { "text/csv": { schema: z.string().openapi({ format: "text/csv" }) } },
});

/** Downloads for spreadsheets: the session list and the analytics, as their JSON endpoints filter them. */
export function exportRoutes(exports: ExportService, config: Config) {
  const sessions = defineRoute({
    method: "get",
    path: "/exports/sessions",
    operationId: "exportSessions",
    tags: ["exports"],
    summary: "The session list as CSV (supervisors, admins)",
    description: `The filters and sort of GET /sessions; at most ${EXPORT_ROWS} rows a file, with a Link to the next. One row a session, its labels by name separated by "; ". ${SAFE_CSV}`,
    access: "token",
    requires: requires("desk:export"),
    request: { query: queueQuery(config).omit({ limit: true }) },
    responses: { 200: csv("The sessions.", true) },
  });

  const analytics = defineRoute({
    method: "get",
    path: "/exports/analytics",
    operationId: "exportAnalytics",
    tags: ["exports"],
    summary: "The analytics as CSV (supervisors, admins)",
    description: `The figures of GET /analytics/summary over [from, to), one row a scope (column scope): the desk, each agent, each team, each label; a blank cell is a figure the scope does not have. ${SAFE_CSV}`,
    access: "token",
    requires: requires("desk:export"),
    request: { query: z.object({ from: instant, to: instant }).refine(...periodInOrder) },
    responses: { 200: csv("The figures.") },
  });

  const attachment = (name: string) => ({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "no-store",
  });
  // Excel reads a CSV as UTF-8 only with the mark.
  const BOM = "\uFEFF";

  return createRouter()
    .openapi(sessions, async (c) => {
      const q = c.req.valid("query");
      const { csv: body, nextCursor } = await exports.sessions(
        c.var.actor,
        queueFilterOf(q),
        q.sort,
        q.cursor,
      );
      const headers: Record<string, string> = attachment(`sessions-${day(new Date())}.csv`);
      if (nextCursor) {
        const next = new URL(c.req.url);
        next.searchParams.set("cursor", nextCursor);
        headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
      }
      return c.body(BOM + body, 200, headers);
    })
    .openapi(analytics, async (c) => {
      const query = c.req.valid("query");
      const from = new Date(query.from).toISOString();
      const to = new Date(query.to).toISOString();
      const body = await exports.analytics(c.var.actor, from, to);
      return c.body(BOM + body, 200, attachment(`analytics-${day(from)}-${day(to)}.csv`));
    });
}

const day = (at: Date | string) => new Date(at).toISOString().slice(0, 10);
