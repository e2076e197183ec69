import { requires, viewOf } from "../../core/access";
import { SessionFieldsSchema } from "../../core/wire/chat";
import { presentSessionFields } from "../../core/wire/present";
import type { Config } from "../../platform/config/config";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { presentLabelRef } from "../labels";
import type { LifecycleService } from "./lifecycle-service";
import type { QueueService } from "./queue-service";
import { QueuePageSchema, queueFilterOf, queueQuery } from "./schemas";

/** The queue: agents list sessions and take the next waiting one. */
export function queueRoutes(queue: QueueService, lifecycle: LifecycleService, config: Config) {
  const list = defineRoute({
    method: "get",
    path: "/sessions",
    operationId: "listSessions",
    tags: ["workflow"],
    summary: "The queue: list sessions for agents",
    description:
      "Filter by status, assignee (me, none, or an agent id), team (an id, or none), customer (an id), label (an id), priority and escalated; sort by triage order (sort=waiting: escalated first, then by priority, then longest-waiting) or last activity (sort=activity, newest first). Pages with an opaque cursor.",
    access: "token",
    requires: requires("session:list"),
    request: {
      query: queueQuery(config),
    },
    responses: { 200: json(QueuePageSchema, "One page of sessions.") },
  });

  const claim = defineRoute({
    method: "post",
    path: "/queue/claim",
    operationId: "claimSession",
    tags: ["workflow"],
    summary: "Take the next waiting session",
    description:
      "Gives the calling agent the longest-waiting open session, escalated and urgent ones first, atomically: two agents claiming at once never get the same session. Refused past the agent's capacity.",
    access: "token",
    requires: requires("queue:claim"),
    responses: {
      200: json(SessionFieldsSchema, "The claimed session, now assigned to the caller."),
    },
    refusals: {
      404: "No session is waiting (problem type /problems/queue-empty).",
      409: "The caller already holds their capacity (problem type /problems/at-capacity).",
    },
  });

  return createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const page = await queue.list(c.var.actor, queueFilterOf(q), q.sort, q.cursor, q.limit);
      const view = viewOf(c.var.actor);
      return c.json(
        {
          sessions: page.rows.map((row) => ({
            ...presentSessionFields(row.session, view),
            last_message: row.lastMessage && {
              seq: row.lastMessage.seq,
              author_type: row.lastMessage.authorType,
              content: row.lastMessage.content,
              timestamp: row.lastMessage.timestamp,
              visibility: row.lastMessage.visibility,
            },
            unread: row.unread,
            labels: row.labels.map(presentLabelRef),
          })),
          has_more: page.nextCursor !== null,
          next_cursor: page.nextCursor,
        },
        200,
      );
    })
    .openapi(claim, async (c) =>
      c.json(presentSessionFields(await lifecycle.claim(c.var.actor), viewOf(c.var.actor)), 200),
    );
}
