import { createRoute, z } from "@hono/zod-openapi";
import { issueToken } from "../auth/token-issuer";
import { liveAudience, type TokenVerifier } from "../auth/token-verifier";
import type { Config } from "../config";
import type { Actor } from "../domain/access";
import { UnauthorizedError, ValidationError } from "../domain/errors";
import { requireToken } from "../http/auth";
import { refuseUnlessUpgrade } from "../http/errors";
import { createRouter } from "../http/router";
import { roomOf } from "../live/room-publisher";
import { ROOM_HEADERS, type SessionRoom } from "../live/session-room";
import { requestSchemas } from "../schemas/chat";
import { problemResponses } from "../schemas/problem";
import type { ChatService } from "../services/chat-service";

export interface LiveRouteDeps {
  chat: ChatService;
  config: Config;
  rooms: DurableObjectNamespace<SessionRoom>;
  verifier: TokenVerifier;
  clock: () => Date;
}

const PROTOCOL = `Upgrades to a WebSocket that follows the session live. Frames are JSON objects with a \`type\`.

Server to client: \`message\` ({message}: a stored message, same shape as REST, in seq order, each once), \`ready\` ({last_seq}: the backlog after after_seq has been sent), \`typing\` ({role, name, expires_at}: never stored, not echoed to the typer), \`presence\` ({connected: [{role, name}]}), \`error\` ({status, problem_type, detail, client_message_id?}).

Client to server: \`message\` ({content, client_message_id?, author_type?}: stored exactly like POST /messages, same validation, idempotency and author rules), \`typing\` ({}). Send \`{"type":"ping"}\` to keep the connection alive: the answer is \`{"type":"pong"}\`.

Browsers cannot set headers on a WebSocket: pass the bearer token as \`access_token\`, or better a short-lived \`ticket\` from POST /sessions/{session_id}/live-ticket. Close codes: 1008 too many frames (after an \`error\` frame), 1009 frame too large.`;

export function liveRoutes({ chat, config, rooms, verifier, clock }: LiveRouteDeps) {
  const schemas = requestSchemas(config);

  const follow = createRoute({
    method: "get",
    path: "/sessions/{session_id}/live",
    tags: ["live"],
    summary: "Follow a chat session live (WebSocket)",
    description: PROTOCOL,
    request: {
      params: schemas.sessionParams,
      query: z.object({
        after_seq: z.coerce.number().int().min(0).optional().openapi({
          description: "The last seq the client has: everything after it is sent first, then live.",
        }),
        access_token: z.string().optional().openapi({ description: "A bearer token." }),
        ticket: z.string().optional().openapi({ description: "A live ticket." }),
      }),
    },
    responses: {
      101: { description: "Switching to the WebSocket protocol." },
      ...problemResponses(400, 401, 403, 404, 426, 429),
    },
  });

  const ticket = createRoute({
    method: "post",
    path: "/sessions/{session_id}/live-ticket",
    tags: ["live"],
    summary: "Get a short-lived ticket to open the live WebSocket",
    description: `The ticket lives ${config.live.ticketTtlSeconds} s, works only for this session's live endpoint, and is never accepted as a bearer token.`,
    security: [{ bearerAuth: [] }],
    middleware: [requireToken] as const,
    request: { params: schemas.sessionParams },
    responses: {
      201: {
        description: "The ticket.",
        content: {
          "application/json": {
            schema: z
              .object({ ticket: z.string(), expires_at: z.iso.datetime() })
              .openapi("LiveTicket"),
          },
        },
      },
      ...problemResponses(400, 401, 403, 404),
    },
  });

  return createRouter()
    .openapi(follow, async (c) => {
      const refusal = refuseUnlessUpgrade(c.req.raw);
      if (refusal) return refusal;
      const { session_id } = c.req.valid("param");
      const query = c.req.valid("query");
      let actor: Actor = c.var.actor;
      if (query.ticket) actor = await verifier.verifyTicket(query.ticket, session_id);
      else if (query.access_token) actor = await verifier.verify(query.access_token);
      if (actor.kind === "anonymous") {
        throw new UnauthorizedError("A token (access_token) or a live ticket is required.", false);
      }
      await chat.checkLiveAccess(actor, session_id);
      return roomOf(rooms, session_id).fetch("https://room.internal/connect", {
        headers: {
          Upgrade: "websocket",
          [ROOM_HEADERS.sessionId]: session_id,
          [ROOM_HEADERS.actor]: JSON.stringify(actor),
          [ROOM_HEADERS.afterSeq]: String(query.after_seq ?? 0),
        },
      });
    })
    .openapi(ticket, async (c) => {
      const { session_id } = c.req.valid("param");
      const actor = c.var.actor;
      if (actor.kind !== "user") {
        throw new ValidationError(
          "Tickets are for token holders; without tokens, connect directly.",
        );
      }
      await chat.checkLiveAccess(actor, session_id);
      const issued = await issueToken(
        { ...config.auth, audience: liveAudience(config.auth) },
        {
          subject: actor.subject,
          role: actor.role,
          name: actor.name,
          sessionId: session_id,
          ttlSeconds: config.live.ticketTtlSeconds,
        },
        clock(),
      );
      return c.json({ ticket: issued.token, expires_at: issued.expiresAt.toISOString() }, 201);
    });
}
