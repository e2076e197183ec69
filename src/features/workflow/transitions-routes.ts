import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type Action, requires, viewOf } from "../../core/access";
import type { ChatSession } from "../../core/chat";
import { SessionFieldsSchema, sessionParams } from "../../core/wire/chat";
import { presentSessionFields } from "../../core/wire/present";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { type AppEnv, createRouter } from "../../platform/http/router";
import type { HandoverService } from "./handover-service";
import type { LifecycleService } from "./lifecycle-service";
import {
  AgentRefSchema,
  EscalationSchema,
  RatingSchema,
  ResolutionSchema,
  TransferSchema,
} from "./schemas";

const agent = (body: z.output<typeof AgentRefSchema>) => ({
  id: body.agent_id,
  name: body.agent_name ?? null,
});

/**
 * The operations that move a session through its life (`POST /sessions/{id}/<path>`): one row each,
 * from which the document follows; each handler is one call. Which statuses allow each is the lifecycle's
 * table (src/core/lifecycle.ts); a refused transition is 409 and changes nothing.
 */
const TRANSITION_ROUTES = {
  take: {
    operationId: "takeSession",
    action: "queue:claim",
    summary: "Take a session (agents): from the bot, or from the queue",
    description:
      "Gives the calling agent this session: a takeover of one the AI first responder owns (status bot), or a waiting one. Bound by the agent's capacity, like a claim; from then on the bot never writes in it.",
    body: null,
    conflict: "The session is not with the bot or waiting, or the caller is at capacity.",
  },
  handoff: {
    operationId: "handOffSession",
    action: "session:handoff",
    summary: "Talk to a person: hand the session from the bot to the human queue",
    description:
      'The customer (or an agent) asks for a person: the session leaves the bot for the human queue, the customer reads "Connecting you with a person" (and, outside support hours, when to expect one), and the agents get an internal note with the conversation so far. Also a socket frame: {"type":"handoff"}.',
    body: null,
    conflict: "The bot does not own the session (a person has it already, or it is resolved).",
  },
  assign: {
    operationId: "assignSession",
    action: "session:assign",
    summary: "Assign a session to an agent (supervisors)",
    description: "Gives a waiting or assigned session to the agent named.",
    body: AgentRefSchema,
    conflict: "The session is resolved, or already with that agent.",
  },
  transfer: {
    operationId: "transferSession",
    action: "session:transfer",
    summary: "Transfer a session to another agent, or to a team's queue",
    description:
      "The assigned agent (or a supervisor) hands the session over: to another agent (agent_id), or to a team's queue (team_id), where its routing takes it on.",
    body: TransferSchema,
    conflict: "The session is not assigned, or already with that agent.",
  },
  escalate: {
    operationId: "escalateSession",
    action: "session:escalate",
    summary: "Escalate a session",
    description:
      "Raises its priority one step and flags it for supervisors; the reason is an internal note.",
    body: EscalationSchema,
    conflict: "The session is resolved.",
  },
  resolve: {
    operationId: "resolveSession",
    summary: "Resolve a session",
    description:
      "Ends the session with an outcome; a customer message reopens it within REOPEN_WINDOW_SECONDS. With the AI responder on, a customer may end their own conversation with the bot (never one a person owns: 403).",
    body: ResolutionSchema,
    bodyOptional: true,
    conflict: "The session is resolved already.",
  },
  rating: {
    operationId: "rateSession",
    action: "session:rate",
    summary: "Rate a resolved session (its customer)",
    description: "Once, after resolution: a score from 1 to 5 and an optional comment.",
    body: RatingSchema,
    conflict: "The session is not resolved, or was rated already.",
  },
} as const;

type TransitionPath = keyof typeof TRANSITION_ROUTES;

type Transition = (typeof TRANSITION_ROUTES)[TransitionPath];

/** The request body of a transition that takes one (optional where it says so); none otherwise. */
const bodyOf = <T extends Transition>({ body, ...row }: T) =>
  (body ? jsonBody(body, !("bodyOptional" in row)) : {}) as T["body"] extends z.ZodType
    ? ReturnType<typeof jsonBody<T["body"], T extends { bodyOptional: true } ? false : true>>
    : object;

export function transitionRoutes(lifecycle: LifecycleService, handover: HandoverService) {
  const route = <P extends TransitionPath>(path: P) => {
    const transition = TRANSITION_ROUTES[path];
    const { operationId, summary, description, conflict } = transition;
    // Who may ever do it, refused before the body is read; resolve differs by role (a customer
    // finishes a conversation with the bot), so its service decides alone.
    const action = "action" in transition ? (transition.action as Action) : undefined;
    return defineRoute({
      method: "post",
      path: `/sessions/{session_id}/${path}` as `/sessions/{session_id}/${P}`,
      operationId,
      tags: ["workflow"],
      summary,
      description,
      access: "token",
      ...(action && { requires: requires(action) }),
      request: {
        params: sessionParams,
        ...bodyOf(transition as (typeof TRANSITION_ROUTES)[P]),
      },
      responses: { 200: json(SessionFieldsSchema, "The session after the change.") },
      refusals: { 409: conflict },
    });
  };
  /** The answer to every transition: the session after it, as the caller may see it. */
  const answer = (c: Context<AppEnv>, session: ChatSession) =>
    c.json(presentSessionFields(session, viewOf(c.var.actor)), 200);
  return createRouter()
    .openapi(route("take"), async (c) => {
      const { session_id } = c.req.valid("param");
      return answer(c, await lifecycle.take(c.var.actor, session_id));
    })
    .openapi(route("handoff"), async (c) => {
      const { session_id } = c.req.valid("param");
      const session = await lifecycle.handoff(c.var.actor, session_id, "customer_request");
      return answer(c, session as ChatSession);
    })
    .openapi(route("assign"), async (c) => {
      const { session_id } = c.req.valid("param");
      return answer(c, await handover.assign(c.var.actor, session_id, agent(c.req.valid("json"))));
    })
    .openapi(route("transfer"), async (c) => {
      const { session_id } = c.req.valid("param");
      const body = c.req.valid("json");
      const to = "team_id" in body ? { teamId: body.team_id } : { agent: agent(body) };
      return answer(c, await handover.transfer(c.var.actor, session_id, to));
    })
    .openapi(route("escalate"), async (c) => {
      const { session_id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return answer(c, await lifecycle.escalate(c.var.actor, session_id, reason));
    })
    .openapi(route("resolve"), async (c) => {
      const { session_id } = c.req.valid("param");
      const { outcome } = c.req.valid("json");
      return answer(c, await lifecycle.resolve(c.var.actor, session_id, outcome));
    })
    .openapi(route("rating"), async (c) => {
      const { session_id } = c.req.valid("param");
      const { score, comment } = c.req.valid("json");
      return answer(c, await lifecycle.rate(c.var.actor, session_id, score, comment ?? null));
    });
}
