import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { establishCaller, requireToken } from "../auth/middleware";
import type { Role } from "../auth/roles";
import { ForbiddenError, ValidationError } from "../errors";
import {
  ANSWER_HEADERS,
  type Headers,
  notFoundDescription,
  type ProblemAnswer,
  type ProblemStatus,
  problemResponses,
} from "./problem-schemas";
import type { AppEnv } from "./router";

/** The document's tags: every operation has one of these, and each is declared (docs.ts). */
export const TAGS = {
  sessions: "Chat sessions",
  messages: "Messages within a session",
  live: "Following a session or the queue live over a WebSocket",
  workflow: "The support workflow: queue, claiming, transitions, read state, analytics",
  kb: "The knowledge base the AI first responder answers from",
  search: "Search across conversations (staff)",
  routing: "Teams, routing rules, agents' availability and skills",
  health: "Liveness of the service and its database",
  "sign-in": "Signing agents in to the console",
  customers: "A customer's data requests: export, erasure, the audit log (admins)",
  contacts: "Customers as people: profiles, declared attributes, earlier conversations (agents)",
  identity: "A site's signed-in users: their conversations on any device",
  email: "Emails of replies a customer has not seen: unsubscribing",
  files: "Files in the chat: uploads, signed links, the bytes",
  webhooks: "Webhooks: endpoints, deliveries, replays (admins); the events are under `webhooks`",
  labels: "Labels on sessions: kept by admins and supervisors, set by agents and routing rules",
  exports: "The session list and the analytics as CSV (supervisors, admins)",
  replies: "The agent's desk: saved replies, AI drafts and summaries",
} as const;

/**
 * Who may call an operation: anyone (no token is read), anyone but a token is read if sent (a bad
 * one is refused), or token holders only (401 before the request is validated).
 */
export type Access = "public" | "optional-token" | "token";

type Success = { description: string; headers?: Headers } & Omit<
  NonNullable<RouteConfig["responses"][string]>,
  "headers"
>;

/**
 * The roles that may ever call an operation (core/access.ts's `requires` makes one from the
 * permissions table): a token of another role is refused (403) before the request is read, as the
 * service would refuse it after.
 */
export interface RoleRequirement {
  roles: readonly Role[];
  refusal: (role: Role) => string;
}

export interface RouteSpec
  extends Omit<RouteConfig, "responses" | "security" | "middleware" | "tags"> {
  operationId: string;
  tags: [keyof typeof TAGS];
  summary: string;
  access: Access;
  /** Who may call it at all; the service decides the rest (whose session, which team). */
  requires?: RoleRequirement;
  /** Middleware after authentication (a rate limit, say). */
  middleware?: MiddlewareHandler<AppEnv>[];
  /** The answers the handler returns; refusals are thrown by services and added below. */
  responses: Record<number, Success>;
  /** Refusals beyond those the route's shape implies, each with what it means here. */
  refusals?: Partial<Record<ProblemStatus, string>>;
}

/**
 * An OpenAPI route whose document cannot forget what every route of its shape may answer: 400 for
 * a query or body, 404 for a path parameter, 401/403 for a token, 413 for a request with a body, 415
 * for a JSON body, 503 always (the database or the configuration); every answer declares
 * X-Request-Id, and each problem the headers it carries.
 */
export function defineRoute<const S extends RouteSpec>(spec: S) {
  const { access, refusals = {}, requires, middleware = [], responses, ...route } = spec;
  const implied: Partial<Record<ProblemStatus, string | undefined>> = { 503: undefined };
  const { request } = spec;
  if (request?.query || request?.body) implied[400] = undefined;
  if (request?.params) {
    implied[404] = notFoundDescription(
      [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string),
    );
  }
  if (access !== "public") implied[401] = undefined;
  if (access !== "public") implied[403] = undefined;
  if (["post", "put", "patch", "delete"].includes(spec.method)) implied[413] = undefined;
  if (request?.body) implied[415] = undefined;
  const successes = Object.fromEntries(
    Object.entries(responses).map(([status, answer]) => [
      status,
      { ...answer, headers: { ...ANSWER_HEADERS, ...answer.headers } },
    ]),
  );
  return createRoute({
    ...route,
    security: access === "public" ? undefined : access === "token" ? BEARER : [{}, ...BEARER],
    middleware: [
      ...(access === "public" ? [] : [establishCaller]),
      ...(access === "token" ? [requireToken] : []),
      ...(requires ? [requireRole(requires)] : []),
      ...middleware,
      ...(request?.body?.required === false ? [absentBodyIsEmpty(request.body)] : []),
      ...(request?.body?.content["application/json"] ? [jsonAsDocumented] : []),
    ],
    responses: {
      ...problemResponses({ ...implied, ...refusals }),
      ...successes,
    } as unknown as S["responses"] & Record<ProblemStatus, ProblemAnswer>,
  });
}

const BEARER = [{ bearerAuth: [] }];

function requireRole({ roles, refusal }: RoleRequirement): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { actor } = c.var;
    if (actor.kind === "user" && !roles.includes(actor.role)) {
      throw new ForbiddenError(refusal(actor.role));
    }
    await next();
  };
}

/**
 * Where a body is optional, none (or an empty one, whatever its Content-Type) reads as `{}`, so its
 * schema's defaults apply as they do to a body that leaves the fields out. With no body and no
 * Content-Type, @hono/zod-openapi already gives the handler `{}`: the request is rebuilt with a `{}`
 * body only where the schema makes something else of `{}` (defaults), or a Content-Type would have
 * an empty body parsed.
 */
function absentBodyIsEmpty(body: { content: Partial<Record<string, unknown>> }) {
  const media = body.content["application/json"] as { schema?: z.ZodType } | undefined;
  const empty = media?.schema?.safeParse({});
  const emptyReadsAsIs = empty?.success === true && JSON.stringify(empty.data) === "{}";
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const absent = c.req.raw.body === null || c.req.header("content-length") === "0";
    if (absent && !(emptyReadsAsIs && c.req.header("content-type") === undefined)) {
      const headers = new Headers(c.req.raw.headers);
      headers.set("content-type", "application/json");
      headers.delete("content-length");
      c.req.raw = new Request(c.req.raw, { headers, body: "{}" });
    }
    await next();
  };
  return middleware;
}

/** The charsets a JSON body may name (none: UTF-8, as RFC 8259 has it). */
const UTF8 = new Set([undefined, "utf-8", "utf8"]);

/**
 * A JSON body is read only as the document declares it: `application/json`, in UTF-8. @hono/zod-openapi
 * would also read any `+json` type, and a body whose bytes are not UTF-8 (a client's Latin-1, say) would
 * be decoded with U+FFFD in place of what was sent, and stored so: 415 and 400 instead, nothing read.
 */
const jsonAsDocumented: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header("content-type");
  if (type !== undefined) {
    const [essence = "", ...parameters] = type.split(";").map((part) => part.trim().toLowerCase());
    const charset = parameters
      .find((parameter) => parameter.startsWith("charset="))
      ?.slice("charset=".length)
      .replaceAll('"', "");
    const json = essence === "application/json";
    if (/^application\/[\w.-]+\+json$/.test(essence) || (json && !UTF8.has(charset))) {
      throw new HTTPException(415, {
        message: `A JSON body is application/json in UTF-8, not ${type.slice(0, 100)}.`,
      });
    }
    if (json) {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
          await c.req.arrayBuffer(),
        );
      } catch {
        throw new ValidationError("The request body is not valid.", [
          { path: "body", message: "must be well-formed UTF-8" },
        ]);
      }
      // Parsed here, once: the validator reads it from the request's body cache. What does not
      // parse is left to the validator, which answers it as malformed.
      const parsed = parseJson(text);
      if (parsed) c.req.bodyCache.json = Promise.resolve(parsed.value);
    }
  }
  await next();
};

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

/** A JSON answer of `schema`. */
export const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * A JSON request body of `schema`, required unless said otherwise. Its schema stays unnamed (inline in
 * the operation): generators read a named component as an answer, where a default means "always there".
 */
export const jsonBody = <T, R extends boolean = true>(schema: T, required = true as R) => ({
  body: { required, content: { "application/json": { schema } } },
});
