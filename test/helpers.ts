import { env, exports } from "cloudflare:workers";
import type { z } from "@hono/zod-openapi";
import { createApp } from "../src/app";
import { compose, type Wiring } from "../src/composition";
import type { ChatSessionSchema, MessageSchema, StartedSessionSchema } from "../src/core/wire/chat";
import { r2Archive } from "../src/features/archive/archive-store";
import { r2Files } from "../src/features/files";
import { issueToken, type TokenClaims } from "../src/platform/auth/token-issuer";
import { parseConfig } from "../src/platform/config/config";
import { servicesFor } from "../src/services-for";
import { type Contract, contractOf } from "./contract";
import {
  documentJudge,
  holdRequest,
  type ServiceJudge,
  sentRequest,
  serviceJudge,
} from "./request-contract";

export { env };

export const BASE = "http://chat.test";
export const config = parseConfig(env);

/** Mints a token with the service's own keys, as `npm run token` does. */
export async function mint(claims: Partial<TokenClaims> = {}, now?: Date): Promise<string> {
  const { token } = await issueToken(
    config.auth,
    { subject: "alice", role: "service_agent", ttlSeconds: 3600, ...claims },
    now,
  );
  return token;
}

export const agentToken = await mint({ subject: "agent-alice", name: "Alice" });

/** Customer tokens of the sessions this test file created, by session id. */
const customerTokens = new Map<string, string>();

/**
 * Picks the caller the way most tests mean it: a message with author_type service_agent is sent
 * by an agent; anything else about a session this file created, by that session's customer; the
 * rest by an agent. `token: null` sends none; a string sends that one.
 */
function tokenFor(path: string, body: unknown, token: string | null | undefined) {
  if (token !== undefined) return token;
  if ((body as { author_type?: string } | null)?.author_type === "service_agent") return agentToken;
  const sessionId = /^\/sessions\/([^/?]+)/.exec(path)?.[1]?.toLowerCase();
  return (sessionId && customerTokens.get(sessionId)) || agentToken;
}

export interface CallInit extends RequestInit {
  token?: string | null;
}

interface Contracts {
  /** What every answer is held against. */
  answers: Contract;
  /** What every request is held against: the document, and the service's request schemas. */
  documented: ReturnType<typeof documentJudge>;
  served: ServiceJudge;
}

/** The OpenAPI document an app publishes, and the request schemas of its routes. */
async function contractsFrom(
  fetch: (request: Request) => Promise<Response>,
  app: Parameters<typeof serviceJudge>[0],
): Promise<Contracts> {
  const doc = await (await fetch(new Request(`${BASE}/openapi.json`))).json<never>();
  return { answers: contractOf(doc), documented: documentJudge(doc), served: serviceJudge(app) };
}

/** Sends `request` through `fetch`, and fails the test if it or its answer breaks the document. */
async function checked(
  fetch: (request: Request) => Promise<Response>,
  contracts: Contracts,
  request: Request,
): Promise<Response> {
  const sent = await sentRequest(request);
  const response = await fetch(request);
  await contracts.answers.check(request.method, request.url, response);
  holdRequest(sent, contracts.documented(sent), contracts.served(sent), response);
  return response;
}

const workerFetch = (request: Request) => exports.default.fetch(request);
// The Worker's routes, built again from its services, for their request schemas.
const workerContracts = await contractsFrom(workerFetch, createApp(servicesFor(env)));

/** A request through the real Worker entry point (its default export), as a client would send it. */
export function call(path: string, { token, ...init }: CallInit = {}): Promise<Response> {
  const request = new Request(`${BASE}${path}`, init);
  const bearer = tokenFor(path, parseBody(init.body), token);
  if (bearer && !request.headers.has("Authorization")) {
    request.headers.set("Authorization", `Bearer ${bearer}`);
  }
  return checked(workerFetch, workerContracts, request);
}

export function postJson(path: string, body: unknown, init: CallInit = {}): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

/** Starts a session as an anonymous widget would, and remembers its customer token. */
export async function createSession(init: CallInit = {}): Promise<StartedSession> {
  const response = await call("/sessions", { method: "POST", token: null, ...init });
  if (response.status !== 201) throw new Error(`create session: ${response.status}`);
  const session = await response.json<StartedSession>();
  customerTokens.set(session.id, session.customer_token.token);
  return session;
}

/** The services composed as the Worker composes them, from the test bindings, with overrides. */
export function testServices(overrides: Partial<Wiring> = {}) {
  return compose({
    config,
    db: env.DB,
    rateLimiters: { sessions: env.SESSION_RATE_LIMITER, messages: env.MESSAGE_RATE_LIMITER },
    rooms: env.SESSION_ROOMS,
    queueRoom: env.QUEUE_ROOM,
    outboxSweeper: env.OUTBOX_SWEEPER,
    archiveStore: r2Archive(env.ARCHIVE),
    fileStore: r2Files(env.FILES),
    webhookQueue: env.WEBHOOKS,
    deadLetterQueue: env.WEBHOOKS_DEAD,
    ...overrides,
  });
}

/** The app built as the Worker builds it, with overrides (pinned clock, ids, other vars). */
export function testApp(overrides: Partial<Wiring> & { vars?: Record<string, string> } = {}) {
  const { vars, ...deps } = overrides;
  const app = createApp(
    testServices({ ...(vars && { config: parseConfig({ ...env, ...vars }) }), ...deps }),
  );
  const fetch = async (request: Request) => app.request(request, undefined, env);
  // Other vars may document other limits: such an app is held against its own document.
  const contracts = vars ? contractsFrom(fetch, app) : Promise.resolve(workerContracts);
  return {
    app,
    request: async (path: string, init: RequestInit = {}) =>
      checked(fetch, await contracts, new Request(new URL(path, BASE), init)),
  };
}

function parseBody(body: RequestInit["body"]): unknown {
  try {
    return typeof body === "string" ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/** UUIDs in a predictable order, unique within a test file (storage is shared by the file's tests). */
export function sequentialIds(): () => string {
  const prefix = crypto.randomUUID().slice(0, 24);
  let next = 0;
  return () => `${prefix}${(next++).toString(16).padStart(12, "0")}`;
}

// Answers as the schemas describe them (the one source of every wire shape).
export type MessageBody = z.output<typeof MessageSchema>;
export type SessionBody = z.output<typeof ChatSessionSchema> & { message?: MessageBody };
export type StartedSession = SessionBody & {
  customer_token: NonNullable<z.output<typeof StartedSessionSchema>["customer_token"]>;
};

export const supervisorToken = await mint({ role: "supervisor", subject: "sam", name: "Sam" });

/** POST a JSON body with a token, answering the status and the parsed body. */
export async function act(path: string, token: string | null, body: unknown = {}) {
  const response = await postJson(path, body, { token });
  return { status: response.status, body: await response.json<Record<string, unknown>>() };
}
