import { createRoute, z } from "@hono/zod-openapi";
import type { TokenVerifier } from "../auth/token-verifier";
import type { Config } from "../config";
import { ForbiddenError, UnauthorizedError } from "../domain/errors";
import { OUTCOMES, PRIORITIES, SESSION_STATUSES } from "../domain/lifecycle";
import { requireToken } from "../http/auth";
import { refuseUnlessUpgrade } from "../http/errors";
import { createRouter } from "../http/router";
import { type QueueRoom, queueRoomOf } from "../live/queue-room";
import { requestSchemas, SessionFieldsSchema } from "../schemas/chat";
import { presentSessionFields } from "../schemas/present";
import { problemResponses } from "../schemas/problem";
import type { WorkflowService } from "../services/workflow-service";
import { BEARER, json, jsonBody } from "./openapi";

const agentRef = z.object({
  agent_id: z.string().min(1).max(256).openapi({ example: "bob@example.com" }),
  agent_name: z.string().min(1).max(200).optional().openapi({ example: "Bob" }),
});

const QueueRowSchema = SessionFieldsSchema.extend({
  last_message: z
    .object({
      seq: z.int(),
      author_type: z.string(),
      content: z.string(),
      timestamp: z.string(),
      visibility: z.string(),
    })
    .nullable()
    .openapi({ description: "The newest message, as a preview." }),
  unread: z.int().min(0).openapi({ description: "Messages after the caller's last_read_seq." }),
}).openapi("QueueRow");

const duration = z
  .object({ median: z.number().nullable(), p90: z.number().nullable(), count: z.int() })
  .openapi({ description: "Seconds; nearest-rank percentiles over `count` sessions." });
const figures = z.object({
  started: z.int(),
  resolved: z.int(),
  abandoned: z.int(),
  time_to_first_response: duration,
  time_to_resolution: duration,
  average_rating: z.number().nullable(),
  ratings: z.int(),
});

/** The support workflow: queue, claiming, assignment, escalation, resolution, ratings, analytics. */
export function workflowRoutes(workflow: WorkflowService, config: Config) {
  const { sessionParams } = requestSchemas(config);
  const session = (description: string) => json(SessionFieldsSchema, description);
  const transition = <P extends string, S extends z.ZodType>(
    path: P,
    summary: string,
    description: string,
    schema: S,
  ) =>
    createRoute({
      method: "post",
      path: `/sessions/{session_id}/${path}` as `/sessions/{session_id}/${P}`,
      tags: ["workflow"],
      summary,
      description,
      security: BEARER,
      middleware: [requireToken] as const,
      request: { params: sessionParams, ...jsonBody(schema) },
      responses: {
        200: session("The session after the change."),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    });

  const list = createRoute({
    method: "get",
    path: "/sessions",
    tags: ["workflow"],
    summary: "The queue: list sessions for agents",
    description:
      "Filter by status, assignee (me, none, or an agent id), priority and escalated; sort by triage order (sort=waiting: escalated first, then by priority, then longest-waiting) or last activity (sort=activity, newest first). Pages with an opaque cursor.",
    security: BEARER,
    middleware: [requireToken] as const,
    request: {
      query: z.object({
        status: z.enum(SESSION_STATUSES).optional(),
        assignee: z.string().min(1).optional().openapi({ description: "me, none, or an agent id" }),
        priority: z.enum(PRIORITIES).optional(),
        escalated: z.enum(["true", "false"]).optional(),
        sort: z.enum(["waiting", "activity"]).default("waiting"),
        cursor: z.string().optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(config.maxPageSize)
          .default(config.defaultPageSize),
      }),
    },
    responses: {
      200: json(
        z
          .object({
            sessions: z.array(QueueRowSchema),
            has_more: z.boolean(),
            next_cursor: z.string().nullable(),
          })
          .openapi("QueuePage"),
        "One page of sessions.",
      ),
      ...problemResponses(400, 401, 403),
    },
  });

  const claim = createRoute({
    method: "post",
    path: "/queue/claim",
    tags: ["workflow"],
    summary: "Take the next waiting session",
    description:
      "Gives the calling agent the longest-waiting open session, escalated and urgent ones first, atomically: two agents claiming at once never get the same session. Refused past the agent's capacity.",
    security: BEARER,
    middleware: [requireToken] as const,
    responses: {
      200: session("The claimed session, now assigned to the caller."),
      ...problemResponses(401, 403, 404, 409),
    },
  });

  const assign = transition(
    "assign",
    "Assign a session to an agent (supervisors)",
    "Gives a waiting or assigned session to the agent named.",
    agentRef,
  );
  const transfer = transition(
    "transfer",
    "Transfer a session to another agent",
    "The assigned agent (or a supervisor) hands the session over.",
    agentRef,
  );
  const escalate = transition(
    "escalate",
    "Escalate a session",
    "Raises its priority one step and flags it for supervisors; the reason is an internal note.",
    z.object({ reason: z.string().trim().min(1).max(1000) }),
  );
  const resolve = transition(
    "resolve",
    "Resolve a session",
    "Ends the session with an outcome; a customer message reopens it within REOPEN_WINDOW_SECONDS.",
    z.object({ outcome: z.enum(OUTCOMES).default("resolved") }),
  );
  const rate = transition(
    "rating",
    "Rate a resolved session (its customer)",
    "Once, after resolution: a score from 1 to 5 and an optional comment.",
    z.object({
      score: z.int().min(1).max(5),
      comment: z.string().trim().max(2000).optional(),
    }),
  );

  const read = createRoute({
    method: "post",
    path: "/sessions/{session_id}/read",
    tags: ["workflow"],
    summary: "Mark messages as read",
    description: "Moves the caller's read marker forward to `last_read_seq` (never back).",
    security: BEARER,
    middleware: [requireToken] as const,
    request: { params: sessionParams, ...jsonBody(z.object({ last_read_seq: z.int().min(0) })) },
    responses: {
      200: json(
        z.object({ last_read_seq: z.int(), unread: z.int() }).openapi("ReadState"),
        "The caller's read state.",
      ),
      ...problemResponses(400, 401, 403, 404),
    },
  });

  const participants = createRoute({
    method: "get",
    path: "/sessions/{session_id}/participants",
    tags: ["workflow"],
    summary: "Who took part in a session",
    security: BEARER,
    middleware: [requireToken] as const,
    request: { params: sessionParams },
    responses: {
      200: json(
        z.object({
          participants: z.array(
            z.object({
              id: z.string(),
              role: z.string(),
              name: z.string().nullable(),
              joined_at: z.string(),
              left_at: z.string().nullable(),
              last_read_seq: z.int(),
            }),
          ),
        }),
        "Participants, in the order they joined.",
      ),
      ...problemResponses(401, 403, 404),
    },
  });

  const capacity = createRoute({
    method: "put",
    path: "/agents/{agent_id}/capacity",
    tags: ["workflow"],
    summary: "Set an agent's capacity (supervisors)",
    security: BEARER,
    middleware: [requireToken] as const,
    request: {
      params: z.object({ agent_id: z.string().min(1).max(256) }),
      ...jsonBody(z.object({ capacity: z.int().min(0).max(1000) })),
    },
    responses: {
      200: json(z.object({ agent_id: z.string(), capacity: z.int() }), "Saved."),
      ...problemResponses(400, 401, 403),
    },
  });

  const summary = createRoute({
    method: "get",
    path: "/analytics/summary",
    tags: ["workflow"],
    summary: "How the team is doing (supervisors)",
    description:
      "Over [from, to): sessions started, resolved, abandoned; median and p90 seconds to the first agent response and to resolution; average rating; and the same per agent (started = sessions handled). Computed in SQL.",
    security: BEARER,
    middleware: [requireToken] as const,
    request: {
      query: z.object({
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
      }),
    },
    responses: {
      200: json(
        z
          .object({
            from: z.string(),
            to: z.string(),
            team: figures,
            agents: z.array(
              figures.extend({ agent_id: z.string(), agent_name: z.string().nullable() }),
            ),
          })
          .openapi("AnalyticsSummary"),
        "The figures.",
      ),
      ...problemResponses(400, 401, 403),
    },
  });

  const to = (ref: { agent_id: string; agent_name?: string }) => ({
    id: ref.agent_id,
    name: ref.agent_name ?? null,
  });

  return createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const page = await workflow.listSessions(
        c.var.actor,
        {
          status: q.status,
          assignee: q.assignee,
          priority: q.priority,
          escalated: q.escalated === undefined ? undefined : q.escalated === "true",
        },
        q.sort,
        q.cursor,
        q.limit,
      );
      return c.json(
        {
          sessions: page.rows.map((row) => ({
            ...presentSessionFields(row.session),
            last_message: row.lastMessage && {
              seq: row.lastMessage.seq,
              author_type: row.lastMessage.authorType,
              content: row.lastMessage.content,
              timestamp: row.lastMessage.timestamp,
              visibility: row.lastMessage.visibility,
            },
            unread: row.unread,
          })),
          has_more: page.nextCursor !== null,
          next_cursor: page.nextCursor,
        },
        200,
      );
    })
    .openapi(claim, async (c) =>
      c.json(presentSessionFields(await workflow.claim(c.var.actor)), 200),
    )
    .openapi(assign, async (c) => {
      const { session_id } = c.req.valid("param");
      const ref = c.req.valid("json");
      return c.json(
        presentSessionFields(await workflow.assign(c.var.actor, session_id, to(ref))),
        200,
      );
    })
    .openapi(transfer, async (c) => {
      const { session_id } = c.req.valid("param");
      const ref = c.req.valid("json");
      return c.json(
        presentSessionFields(await workflow.transfer(c.var.actor, session_id, to(ref))),
        200,
      );
    })
    .openapi(escalate, async (c) => {
      const { session_id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return c.json(
        presentSessionFields(await workflow.escalate(c.var.actor, session_id, reason)),
        200,
      );
    })
    .openapi(resolve, async (c) => {
      const { session_id } = c.req.valid("param");
      const { outcome } = c.req.valid("json");
      return c.json(
        presentSessionFields(await workflow.resolve(c.var.actor, session_id, outcome)),
        200,
      );
    })
    .openapi(rate, async (c) => {
      const { session_id } = c.req.valid("param");
      const { score, comment } = c.req.valid("json");
      const rated = await workflow.rate(c.var.actor, session_id, score, comment ?? null);
      return c.json(presentSessionFields(rated), 200);
    })
    .openapi(read, async (c) => {
      const { session_id } = c.req.valid("param");
      const { last_read_seq } = c.req.valid("json");
      const state = await workflow.markRead(c.var.actor, session_id, last_read_seq);
      return c.json({ last_read_seq: state.lastReadSeq, unread: state.unread }, 200);
    })
    .openapi(participants, async (c) => {
      const { session_id } = c.req.valid("param");
      const rows = await workflow.participants(c.var.actor, session_id);
      return c.json(
        {
          participants: rows.map((p) => ({
            id: p.id,
            role: p.role,
            name: p.name,
            joined_at: p.joinedAt,
            left_at: p.leftAt,
            last_read_seq: p.lastReadSeq,
          })),
        },
        200,
      );
    })
    .openapi(capacity, async (c) => {
      const { agent_id } = c.req.valid("param");
      const { capacity: value } = c.req.valid("json");
      await workflow.setCapacity(c.var.actor, agent_id, value);
      return c.json({ agent_id, capacity: value }, 200);
    })
    .openapi(summary, async (c) => {
      const { from, to: until } = c.req.valid("query");
      const fromIso = new Date(from).toISOString();
      const toIso = new Date(until).toISOString();
      const { team, agents } = await workflow.summary(c.var.actor, fromIso, toIso);
      const out = (f: typeof team) => ({
        started: f.started,
        resolved: f.resolved,
        abandoned: f.abandoned,
        time_to_first_response: f.firstResponse,
        time_to_resolution: f.resolution,
        average_rating: f.averageRating,
        ratings: f.ratings,
      });
      return c.json(
        {
          from: fromIso,
          to: toIso,
          team: out(team),
          agents: agents.map((a) => ({ agent_id: a.agentId, agent_name: a.agentName, ...out(a) })),
        },
        200,
      );
    });
}

/** GET /queue/live: the agents' live queue over a WebSocket. */
export function queueLiveRoutes(deps: {
  workflow: WorkflowService;
  queueRoom: DurableObjectNamespace<QueueRoom>;
  verifier: TokenVerifier;
}) {
  const route = createRoute({
    method: "get",
    path: "/queue/live",
    tags: ["workflow"],
    summary: "Follow the queue live (WebSocket, agents)",
    description:
      'Pushes `{"type":"queue","change","session"}` for every session that is created, gets a message, or changes (claimed, assigned, transferred, escalated, resolved, reopened, rated). Pass the token as `access_token`.',
    request: { query: z.object({ access_token: z.string().optional() }) },
    responses: {
      101: { description: "Switching to the WebSocket protocol." },
      ...problemResponses(401, 403, 426),
    },
  });
  return createRouter().openapi(route, async (c) => {
    const refusal = refuseUnlessUpgrade(c.req.raw);
    if (refusal) return refusal;
    const { access_token } = c.req.valid("query");
    const actor = access_token ? await deps.verifier.verify(access_token) : c.var.actor;
    if (actor.kind === "anonymous") throw new UnauthorizedError("A token is required.", false);
    if (actor.kind === "user" && actor.role === "customer") {
      throw new ForbiddenError("The queue is for agents.");
    }
    return queueRoomOf(deps.queueRoom).fetch("https://queue.internal/connect", {
      headers: { Upgrade: "websocket" },
    });
  });
}
