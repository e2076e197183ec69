import type { MiddlewareHandler } from "hono";
import { requires, type User, viewOf } from "../../core/access";
import {
  ChatSessionSchema,
  MessagePageSchema,
  newMessageOf,
  PostedMessageSchema,
  requestSchemas,
  StartedSessionSchema,
  sessionParams,
} from "../../core/wire/chat";
import { presentMessage, presentSession } from "../../core/wire/present";
import type { Config } from "../../platform/config/config";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { type AppEnv, createRouter } from "../../platform/http/router";
import type { ChatService } from "./chat-service";
import { SessionRequestSchema } from "./schemas";

export interface SessionRouteGuards {
  /** In front of session creation (rate limit by client address). */
  create: MiddlewareHandler<AppEnv>;
}

/** The customer a site's signed identity names (their contact recorded), as a caller. */
export type SignIn = (identityToken: string) => Promise<{ actor: User }>;

/** Keeps what the widget's form collected as the customer's contact, if they have none. */
export type KeepContact = (
  customerId: string,
  contact: { name?: string; email?: string },
) => Promise<void>;

export function sessionRoutes(
  chat: ChatService,
  config: Config,
  guards: SessionRouteGuards,
  signIn: SignIn,
  keepContact: KeepContact,
) {
  const schemas = requestSchemas(config);

  const createSession = defineRoute({
    method: "post",
    path: "/sessions",
    operationId: "createSession",
    tags: ["sessions"],
    summary: "Start a chat session",
    description:
      "The new session holds one message: the configured greeting (DEFAULT_MESSAGE), from a service agent. No body is needed; one may name the team to talk to, the page the widget runs on (for the page_url routing rules), a skill the agent must have, and what a pre-chat or offline form collected (contact). The answer carries a customer token scoped to the session. Without a token this is allowed while PUBLIC_SESSION_CREATION is on (rate limited per client address).",
    access: "optional-token",
    middleware: [guards.create],
    request: jsonBody(SessionRequestSchema, false),
    responses: {
      201: json(StartedSessionSchema, "The new session, with the customer's token for it."),
    },
    refusals: {
      403: "The identity_token does not verify, or its customer was erased since it was signed.",
      429: "Too many sessions started from this address; wait for Retry-After.",
    },
  });

  const getSession = defineRoute({
    method: "get",
    path: "/sessions/{session_id}",
    operationId: "getSession",
    tags: ["sessions"],
    summary: "Read a chat session with its newest messages",
    access: "token",
    request: { params: sessionParams, query: schemas.sessionQuery },
    responses: {
      200: json(ChatSessionSchema, "The session and its newest messages, oldest first."),
    },
  });

  const addMessage = defineRoute({
    method: "post",
    path: "/sessions/{session_id}/messages",
    operationId: "addMessage",
    tags: ["messages"],
    summary: "Send a message into a chat session",
    description:
      "The author follows from the token. The body is validated before the session is looked up. With a client_message_id, a retry stores nothing new: it answers 200 with the message stored the first time. Rate limited per caller, together with messages sent over live sockets.",
    access: "token",
    requires: requires("message:create"),
    request: {
      params: sessionParams,
      query: schemas.sessionQuery,
      ...jsonBody(schemas.newMessage),
    },
    responses: {
      201: json(PostedMessageSchema, "Stored; the session with its newest messages."),
      200: json(PostedMessageSchema, "A retry of a message stored before; nothing new was stored."),
    },
    refusals: {
      409: "The client_message_id was already used in this session for a different message or by another writer, or the session was resolved too long ago to be reopened.",
      429: "Too many messages from this caller; wait for Retry-After.",
    },
  });

  const listMessages = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/messages",
    operationId: "listMessages",
    tags: ["messages"],
    summary: "Page through a session's messages",
    description:
      "after_seq=N reads forward from N (polling, catching up); before_seq=N reads the page before N (history). Each request costs the same however long the session is.",
    access: "token",
    request: { params: sessionParams, query: schemas.messagesQuery },
    responses: {
      200: json(MessagePageSchema, "One page of messages, oldest first."),
    },
  });

  return createRouter()
    .openapi(createSession, async (c) => {
      const body = c.req.valid("json");
      // Signing in records the contact: a start refused for its team must not have done so.
      if (body.identity_token && body.team_id) await chat.checkTeam(body.team_id);
      const actor = body.identity_token ? (await signIn(body.identity_token)).actor : c.var.actor;
      const { page, customerToken } = await chat.createSession(actor, {
        teamId: body.team_id,
        pageUrl: body.page_url,
        skill: body.skill,
        locale: body.locale,
        customerName: body.contact?.name,
      });
      const { customerId } = page.session;
      if (body.contact && customerId) await keepContact(customerId, body.contact);
      const customer_token = customerToken && {
        token: customerToken.token,
        expires_at: customerToken.expiresAt.toISOString(),
      };
      return c.json({ ...presentSession(page, viewOf(actor)), customer_token }, 201);
    })
    .openapi(getSession, async (c) => {
      const { session_id } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const page = await chat.getSession(c.var.actor, session_id, limit);
      return c.json(presentSession(page, viewOf(c.var.actor)), 200);
    })
    .openapi(addMessage, async (c) => {
      const { session_id } = c.req.valid("param");
      const { limit } = c.req.valid("query");
      const body = c.req.valid("json");
      const { page, message, created } = await chat.addMessage(
        c.var.actor,
        session_id,
        newMessageOf(body),
        limit,
      );
      const answer = {
        ...presentSession(page, viewOf(c.var.actor)),
        message: presentMessage(message),
      };
      return created ? c.json(answer, 201) : c.json(answer, 200);
    })
    .openapi(listMessages, async (c) => {
      const { session_id } = c.req.valid("param");
      const { after_seq, before_seq, limit } = c.req.valid("query");
      const cursor =
        before_seq === undefined ? { afterSeq: after_seq ?? 0 } : { beforeSeq: before_seq };
      const page = await chat.listMessages(c.var.actor, session_id, cursor, limit);
      return c.json(
        { session_id, messages: page.messages.map(presentMessage), has_more: page.hasMore },
        200,
      );
    });
}
