import { z } from "@hono/zod-openapi";
import { naming, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { SiteUserId } from "../customers";
import { DEV_ROLES, type SignInService } from "./sign-in-service";

const SignInOptionsSchema = z
  .object({
    dev: z.boolean().openapi({ description: "Whether the development sign-in is on here." }),
    oidc: z
      .object({ issuer: z.url(), client_id: z.string(), scopes: z.string() })
      .nullable()
      .openapi({
        description:
          "The identity provider the console signs agents in with (authorization code with PKCE); it sends the ID token as its bearer token.",
      }),
  })
  .openapi("SignInOptions");

const DevSignInSchema = z.object({
  role: z.enum(DEV_ROLES).default("service_agent"),
  agent_id: naming(128).openapi({ example: "alice" }),
  name: text(128).optional().openapi({ example: "Alice" }),
});

const DevTokenSchema = z.object({ token: z.string(), expires_at: timestamp }).openapi("DevToken");

const options = defineRoute({
  method: "get",
  path: "/sign-in/options",
  operationId: "getSignInOptions",
  tags: ["sign-in"],
  summary: "How agents sign in to the console",
  description: "Public: the console reads it before it shows its sign-in page.",
  access: "public",
  responses: { 200: json(SignInOptionsSchema, "The ways to sign in here.") },
});

const devToken = defineRoute({
  method: "post",
  path: "/sign-in/dev",
  operationId: "devSignIn",
  tags: ["sign-in"],
  summary: "Development only: an agent token for anyone who asks",
  description:
    "Exists only where DEV_SIGN_IN is true (`npm run dev` turns it on; it is never on in production): hands out a token of the service's own for any agent id and role. Elsewhere: 404.",
  access: "public",
  request: jsonBody(DevSignInSchema),
  responses: { 200: json(DevTokenSchema, "A token for the console.") },
  refusals: { 404: "The development sign-in is off here." },
});

const devIdentity = defineRoute({
  method: "post",
  path: "/sign-in/dev-identity",
  operationId: "devIdentity",
  tags: ["sign-in"],
  summary: "Development only: the demo shop signs a user in",
  description:
    "Exists only where DEV_SIGN_IN is true and IDENTITY_SIGNING_KEYS is set: signs an identity for any user, as a shop's own server would sign its users' (the demo shop at / uses it). Elsewhere: 404.",
  access: "public",
  request: jsonBody(
    z.object({
      user_id: SiteUserId.openapi({ example: "grace" }),
      name: text(100).optional().openapi({ example: "Grace" }),
      email: z.email().max(254).optional(),
    }),
  ),
  responses: {
    200: json(
      z.object({ identity_token: z.string(), expires_at: timestamp }).openapi("DevIdentity"),
      "An identity for the widget (SupportChat.identify).",
    ),
  },
  refusals: { 404: "The demo shop's sign-in is off here." },
});

/** Signing in to the agent console, and the demo shop's users. */
export function signInRoutes(signIn: SignInService) {
  return createRouter()
    .openapi(options, (c) => {
      const { dev, oidc } = signIn.options();
      return c.json(
        {
          dev,
          oidc: oidc && { issuer: oidc.issuer, client_id: oidc.clientId, scopes: oidc.scopes },
        },
        200,
      );
    })
    .openapi(devToken, async (c) => {
      const body = c.req.valid("json");
      const issued = await signIn.devToken({
        role: body.role,
        subject: body.agent_id,
        name: body.name ?? null,
      });
      return c.json({ token: issued.token, expires_at: issued.expiresAt.toISOString() }, 200);
    })
    .openapi(devIdentity, async (c) => {
      const { user_id, name, email } = c.req.valid("json");
      const issued = await signIn.devIdentity({
        sub: user_id,
        ...(name && { name }),
        ...(email && { email }),
      });
      return c.json(
        { identity_token: issued.token, expires_at: issued.expiresAt.toISOString() },
        200,
      );
    });
}
