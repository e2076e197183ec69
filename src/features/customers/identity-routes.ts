import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { sessionParams } from "../../core/wire/chat";
import { timestamp } from "../../core/wire/time";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { type AppEnv, createRouter } from "../../platform/http/router";
import {
  ConversationsSchema,
  IdentityTokenSchema,
  presentCustomerSession,
} from "./contact-schemas";
import type { IdentityService } from "./identity-service";

const conversationsRoute = (guard: MiddlewareHandler<AppEnv>) =>
  defineRoute({
    method: "post",
    path: "/identity/conversations",
    operationId: "identifiedConversations",
    tags: ["identity"],
    summary: "A signed-in customer's conversations, on any device",
    description:
      "The widget sends the identity its site signed (never in a URL). The customer's contact is recorded; with `anonymous_token` (the customer token of a chat started before signing in) that chat becomes theirs, once. An identity that does not verify is refused and nothing changes.",
    access: "public",
    middleware: [guard],
    request: jsonBody(
      z.object({
        identity_token: IdentityTokenSchema,
        anonymous_token: z.string().min(1).max(8_192).optional().openapi({
          description: "The customer token of the chat started anonymously, to keep it.",
        }),
      }),
    ),
    responses: { 200: json(ConversationsSchema, "Up to 20 sessions, newest first.") },
    refusals: {
      403: "The identity does not verify, or the customer was erased since it was signed.",
      429: "Too many requests from this address; wait for Retry-After.",
    },
  });

const sessionTokenRoute = (guard: MiddlewareHandler<AppEnv>) =>
  defineRoute({
    method: "post",
    path: "/identity/sessions/{session_id}/token",
    operationId: "identifiedSessionToken",
    tags: ["identity"],
    summary: "A customer token for one of the signed-in customer's sessions",
    description: "Another customer's session, or one that does not exist, is not found.",
    access: "public",
    middleware: [guard],
    request: {
      params: sessionParams,
      ...jsonBody(z.object({ identity_token: IdentityTokenSchema })),
    },
    responses: {
      200: json(
        z.object({ token: z.string(), expires_at: timestamp }).openapi("CustomerToken"),
        "The customer's token for that session.",
      ),
    },
    refusals: {
      403: "The identity does not verify.",
      404: "No such session of this customer.",
      409: "This service signs no tokens.",
      429: "Too many requests from this address; wait for Retry-After.",
    },
  });

/** What a site's signed-in user may do with the identity the site signed. */
export function identityRoutes(
  identities: IdentityService,
  /** In front of each (rate limit by client address). */
  guard: MiddlewareHandler<AppEnv>,
) {
  return createRouter()
    .openapi(conversationsRoute(guard), async (c) => {
      const { identity_token, anonymous_token } = c.req.valid("json");
      const found = await identities.conversations(identity_token, anonymous_token);
      return c.json(
        {
          customer_id: found.customerId,
          name: found.name,
          merged: found.merged,
          sessions: found.sessions.map(presentCustomerSession),
        },
        200,
      );
    })
    .openapi(sessionTokenRoute(guard), async (c) => {
      const { session_id } = c.req.valid("param");
      const { identity_token } = c.req.valid("json");
      const token = await identities.sessionToken(identity_token, session_id);
      return c.json({ token: token.token, expires_at: token.expiresAt.toISOString() }, 200);
    });
}
