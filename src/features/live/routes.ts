import { z } from "@hono/zod-openapi";
import { type Actor, requires, viewOf } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { queryInt } from "../../core/wire/params";
import { timestamp } from "../../core/wire/time";
import type { TokenVerifier } from "../../platform/auth/token-verifier";
import type { Config } from "../../platform/config/config";
import { UnauthorizedError } from "../../platform/errors";
import { defineRoute, json } from "../../platform/http/define-route";
import { refuseUnlessUpgrade } from "../../platform/http/error-handler";
import { createRouter } from "../../platform/http/router";
import { queueRoomOf, roomOf } from "../../platform/stubs";
import { TeamIdSchema } from "../routing";
import { type LiveAccessService, queueChannel } from "./live-access-service";
import { COALESCE_MS } from "./protocol";
import { forwardUpgrade } from "./room-socket";

export interface LiveRouteDeps {
  liveAccess: LiveAccessService;
  config: Config;
  rooms: Env["SESSION_ROOMS"];
  queueRoom: Env["QUEUE_ROOM"];
  verifier: TokenVerifier;
}

const AUTH = `Browsers cannot set headers on a WebSocket: pass a \`ticket\` from the matching live-ticket operation (single-use, short-lived). Other clients may send \`Authorization: Bearer <token>\` with the upgrade instead. A token in the URL is not accepted (URLs end up in logs).`;

const CLOSE = `Close codes: 1008 too many frames (after an \`error\` frame), 1009 frame too large, 4401 the token behind the socket expired (reconnect with a fresh ticket).`;

const PROTOCOL = `Upgrades to a WebSocket that follows the session live. Frames are JSON objects with a \`type\`.

Server to client: \`message\` ({message}: a stored message, same shape as REST, in seq order, each once), \`ready\` ({last_seq}: the backlog after after_seq has been sent), \`typing\` ({role, name, visibility, expires_at}: never stored, not echoed to the typer; customers never see an agent typing an internal note), \`presence\` ({connected: [{role, name}]}), \`draft\` ({id, text}: the bot's reply as it is written, its whole text so far, never stored; the \`message\` with the same id replaces it, and a socket that joins meanwhile gets the latest after \`ready\`), \`draft_discarded\` ({id}: that reply will not come), \`error\` ({status, problem_type, detail, client_message_id?}).

Client to server: \`message\` ({content, client_message_id?, author_type?, visibility?}: stored exactly like POST /messages, same validation, idempotency, author rules and rate limit), \`typing\` ({visibility?}). Send \`{"type":"ping"}\` to keep the connection alive: the answer is \`{"type":"pong"}\`.

${AUTH} ${CLOSE}`;

const TicketSchema = z.object({ ticket: z.string(), expires_at: timestamp }).openapi("LiveTicket");

const NO_TEAM = "There is no such team.";

const upgradeRefusals = {
  401: "No token or ticket, or one that is not valid (a ticket works once).",
  426: "Not a WebSocket upgrade request.",
} as const;

export function liveRoutes({ liveAccess, config, rooms, queueRoom, verifier }: LiveRouteDeps) {
  const ticketQuery = z.string().optional().openapi({ description: "A live ticket." });

  const follow = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/live",
    operationId: "followSession",
    tags: ["live"],
    summary: "Follow a chat session live (WebSocket)",
    description: PROTOCOL,
    access: "optional-token",
    request: {
      params: sessionParams,
      query: z.object({
        after_seq: queryInt(0).optional().openapi({
          description: "The last seq the client has: everything after it is sent first, then live.",
        }),
        ticket: ticketQuery,
        watch: z.enum(["true", "false"]).optional().openapi({
          description:
            "true: an agent's desk following a session it holds (for its unread count), not the conversation: the socket gets every frame but is not shown in presence.",
        }),
      }),
    },
    responses: { 101: { description: "Switching to the WebSocket protocol." } },
    refusals: {
      ...upgradeRefusals,
      429: "The session already has LIVE_MAX_SOCKETS live connections.",
    },
  });

  const ticket = defineRoute({
    method: "post",
    path: "/sessions/{session_id}/live-ticket",
    operationId: "createLiveTicket",
    tags: ["live"],
    summary: "Get a single-use ticket to open the session's live WebSocket",
    description: `The ticket opens one socket, within ${config.live.ticketTtlSeconds} s, for this session's live endpoint only, and is never accepted as a bearer token. The socket lives until the token that asked for the ticket expires.`,
    access: "token",
    request: { params: sessionParams },
    responses: { 201: json(TicketSchema, "The ticket.") },
  });

  const teamQuery = TeamIdSchema.optional().openapi({
    description:
      "The team whose queue to follow (agents: their own teams; supervisors, admins: any). Without it: the sessions in no team.",
  });

  const followQueue = defineRoute({
    method: "get",
    path: "/queue/live",
    operationId: "followQueue",
    tags: ["live"],
    summary: "Follow a team's queue live (WebSocket, agents)",
    description: `Pushes \`{"type":"queue","change","session"}\` for every session of the team that is created, gets a message, or changes (claimed, assigned, transferred, escalated, resolved, reopened, rated, handed_off, sla_breached). A message in a session someone holds is pushed to that agent's consoles only; a burst of messages in one session is pushed as its first and its last frame (within ${COALESCE_MS} ms). A console opens one socket per team it follows; while an agent has one open they count as connected for routing (offline after AGENT_OFFLINE_GRACE_SECONDS once the last one closes). Every queue also pushes \`{"type":"label","id","label"}\` when a desk label is added, renamed or recoloured (\`label\`: {id, name, colour} now) or removed (\`label\`: null). ${AUTH} ${CLOSE}`,
    access: "optional-token",
    request: { query: z.object({ team: teamQuery, ticket: ticketQuery }) },
    responses: { 101: { description: "Switching to the WebSocket protocol." } },
    refusals: { ...upgradeRefusals, 404: NO_TEAM },
  });

  const queueTicket = defineRoute({
    method: "post",
    path: "/queue/live-ticket",
    operationId: "createQueueLiveTicket",
    tags: ["live"],
    summary: "Get a single-use ticket to open a live queue WebSocket (agents)",
    description: `Like a session's live ticket, for GET /queue/live with the same team.`,
    access: "token",
    requires: requires("queue:follow"),
    request: { query: z.object({ team: teamQuery }) },
    responses: { 201: json(TicketSchema, "The ticket.") },
    refusals: { 404: NO_TEAM },
  });

  /** The caller of an upgrade: from its ticket (for `channel`), else from its bearer token. */
  const upgrader = async (actor: Actor, ticket: string | undefined, channel: string) => {
    const caller = ticket ? await verifier.verifyTicket(ticket, channel) : { actor, ticket: null };
    if (caller.actor.kind === "anonymous") {
      throw new UnauthorizedError("A live ticket (or a bearer token) is required.", false);
    }
    return caller;
  };
  const answer = ({ token, expiresAt }: { token: string; expiresAt: Date }) => ({
    ticket: token,
    expires_at: expiresAt.toISOString(),
  });

  return createRouter()
    .openapi(follow, async (c) => {
      const refusal = refuseUnlessUpgrade(c.req.raw);
      if (refusal) return refusal;
      const { session_id } = c.req.valid("param");
      const query = c.req.valid("query");
      const { actor, ticket } = await upgrader(c.var.actor, query.ticket, session_id);
      await liveAccess.checkSession(actor, session_id);
      return roomOf(rooms, session_id).fetch(
        forwardUpgrade({
          actor,
          sessionId: session_id,
          afterSeq: query.after_seq ?? 0,
          ticket,
          watching: query.watch === "true" && viewOf(actor) === "all",
        }),
      );
    })
    .openapi(ticket, async (c) => {
      const { session_id } = c.req.valid("param");
      return c.json(answer(await liveAccess.sessionTicket(c.var.actor, session_id)), 201);
    })
    .openapi(followQueue, async (c) => {
      const refusal = refuseUnlessUpgrade(c.req.raw);
      if (refusal) return refusal;
      const query = c.req.valid("query");
      const team = query.team ?? null;
      const { actor, ticket } = await upgrader(c.var.actor, query.ticket, queueChannel(team));
      await liveAccess.checkQueue(actor, team);
      return queueRoomOf(queueRoom, team).fetch(forwardUpgrade({ actor, ticket, teamId: team }));
    })
    .openapi(queueTicket, async (c) => {
      const team = c.req.valid("query").team ?? null;
      return c.json(answer(await liveAccess.queueTicket(c.var.actor, team)), 201);
    });
}
