// Baseline Worker for `npm run bench`: the four chat endpoints with no framework, no validation library,
// no ORM and no JWT library. It does the service's work by hand: verifies the HS256 bearer token with
// WebCrypto (signature, exp, iss, aud, role, a customer's session), calls the same rate limiter
// bindings, signs the customer token on session creation, issues the same D1 statements in the same
// batches as src/core/db/chat-repository.ts (SQL and parameters as drizzle prints them; customers read
// public messages only), and makes the same Durable Object calls as src/features/sessions/chat-service.ts: a
// new session is announced to the queue room; a stored message is published to its session's room
// and announced to the queue room, both at once. The difference to the service is what the service
// adds around it.
import { DurableObject } from "cloudflare:workers";

import { OUTBOX_DONE, SQL } from "./sql.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROLES = new Set(["customer", "service_agent", "supervisor", "admin"]);
const TOKEN_TTL_SECONDS = 14_400;
const MAX_TOKEN_TTL_SECONDS = 86_400;

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const problem = (status, title) =>
  new Response(JSON.stringify({ type: "about:blank", title, status }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

/** One live room per session: publishes to its sockets (none in the bench), like src/live. */
export class Room extends DurableObject {
  async publish(message) {
    const frame = JSON.stringify({ type: "message", message });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // closed meanwhile
      }
    }
  }
}

/** The agents' live queue: one Durable Object for the desk, like src/features/live/queue-room.ts. */
export class Queue extends DurableObject {
  async publish(change, session) {
    const frame = JSON.stringify({ type: "queue", change, session });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // closed meanwhile
      }
    }
  }
}

// --- tokens (HS256, keys "kid:secret,..." from AUTH_SIGNING_KEYS; imported once per isolate) ---

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let keyring;

function keysFor(env) {
  if (!keyring) {
    const pairs = env.AUTH_SIGNING_KEYS.split(",").map((pair) => {
      const at = pair.indexOf(":");
      return [pair.slice(0, at), pair.slice(at + 1)];
    });
    keyring = {
      signing: pairs[0][0],
      keys: new Map(
        pairs.map(([kid, secret]) => [
          kid,
          crypto.subtle.importKey(
            "raw",
            encoder.encode(secret),
            { name: "HMAC", hash: "SHA-256" },
            false,
            ["sign", "verify"],
          ),
        ]),
      ),
    };
  }
  return keyring;
}

function base64url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function signToken(env, claims) {
  const { signing, keys } = keysFor(env);
  const head = base64url(
    encoder.encode(JSON.stringify({ alg: "HS256", kid: signing, typ: "JWT" })),
  );
  const body = base64url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign(
    "HMAC",
    await keys.get(signing),
    encoder.encode(`${head}.${body}`),
  );
  return `${head}.${body}.${base64url(new Uint8Array(signature))}`;
}

/** The caller, or null for any bad token (the service says why; the baseline only refuses). */
async function verifyToken(env, header) {
  const match = /^Bearer +([\w-]+)\.([\w-]+)\.([\w-]*)$/i.exec(header.trim());
  if (!match) return null;
  try {
    const [, head, body, signature] = match;
    const protectedHeader = JSON.parse(decoder.decode(fromBase64url(head)));
    if (protectedHeader.alg !== "HS256") return null;
    const key = keysFor(env).keys.get(protectedHeader.kid);
    if (!key) return null;
    const valid = await crypto.subtle.verify(
      "HMAC",
      await key,
      fromBase64url(signature),
      encoder.encode(`${head}.${body}`),
    );
    if (!valid) return null;
    const claims = JSON.parse(decoder.decode(fromBase64url(body)));
    const now = Math.floor(Date.now() / 1000);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (
      typeof claims.sub !== "string" ||
      typeof claims.exp !== "number" ||
      typeof claims.iat !== "number" ||
      claims.exp <= now - 5 ||
      (typeof claims.nbf === "number" && claims.nbf > now + 5) ||
      claims.exp - claims.iat > MAX_TOKEN_TTL_SECONDS ||
      claims.iss !== env.AUTH_ISSUER ||
      !audiences.includes(env.AUTH_AUDIENCE) ||
      !ROLES.has(claims.role) ||
      (claims.role === "customer" && typeof claims.sid !== "string")
    ) {
      return null;
    }
    return { subject: claims.sub, role: claims.role, name: claims.name, sessionId: claims.sid };
  } catch {
    return null;
  }
}

// --- the endpoints ---

/** Statements prepared once per env (as the service's repository does); requests only bind. */
const preparedByEnv = new WeakMap();

function statementsFor(env) {
  let prepared = preparedByEnv.get(env);
  if (!prepared) {
    const prepareAll = (value) =>
      typeof value === "string"
        ? env.DB.prepare(value)
        : Array.isArray(value)
          ? value.map(prepareAll)
          : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepareAll(v)]));
    prepared = prepareAll(SQL);
    preparedByEnv.set(env, prepared);
  }
  return prepared;
}

/** Customers read public messages only; everyone else reads all. */
const viewOf = (user) => (user.role === "customer" ? "public" : "all");

const presentMessage = (m) => ({
  id: m.id,
  seq: m.seq,
  author_type: m.author_type,
  content: m.content,
  timestamp: m.timestamp,
  client_message_id: m.client_message_id,
  author_name: m.author_name,
  visibility: m.visibility,
});

/** A chat_sessions row as the service answers it; priority and escalation are for agents only. */
const presentSessionFields = (s, forAgents) => ({
  id: s.id,
  created_at: s.created_at,
  updated_at: s.updated_at,
  status: s.status,
  last_seq: s.last_seq,
  ...(forAgents && {
    priority: s.priority,
    escalated: Boolean(s.escalated),
    escalation_reason: s.escalation_reason,
  }),
  customer: s.customer_id ? { id: s.customer_id, name: s.customer_name } : null,
  assignee: s.assignee_id ? { id: s.assignee_id, name: s.assignee_name } : null,
  queued_at: s.queued_at,
  first_response_at: s.first_response_at,
  assigned_at: s.assigned_at,
  resolved_at: s.resolved_at,
  outcome: s.outcome,
  rating:
    s.rating === null ? null : { score: s.rating, comment: s.rating_comment, rated_at: s.rated_at },
});

const presentSession = (s, newestFirst, limit, forAgents) => ({
  ...presentSessionFields(s, forAgents),
  messages: newestFirst.slice(0, limit).reverse().map(presentMessage),
  has_older_messages: newestFirst.length > limit,
});

/** Like the service's fan-out: a failed publish never fails the write. */
async function publishQuietly(call) {
  try {
    await call();
  } catch {
    // clients catch up by seq
  }
}

const roomOf = (env, sessionId) => env.ROOMS.get(env.ROOMS.idFromName(sessionId));
const queueOf = (env) => env.QUEUE.get(env.QUEUE.idFromName("queue"));

function queryInt(url, name, min, max) {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function pageSize(url, env) {
  const limit = queryInt(url, "limit", 1, Number(env.MAX_PAGE_SIZE));
  return limit === undefined ? Number(env.DEFAULT_PAGE_SIZE) : limit;
}

async function createSession(request, env, user) {
  const { success } = await env.SESSION_RATE_LIMITER.limit({
    key: request.headers.get("CF-Connecting-IP") ?? "unknown",
  });
  if (!success) return problem(429, "Too Many Requests");
  const started = Date.now();
  const now = new Date(started).toISOString();
  const id = crypto.randomUUID();
  const isCustomer = user?.role === "customer";
  const customerId = isCustomer ? user.subject : `customer:${crypto.randomUUID()}`;
  const customerName = isCustomer ? (user.name ?? null) : null;
  const session = {
    id,
    created_at: now,
    updated_at: now,
    status: "open",
    last_seq: 1,
    customer_id: customerId,
    customer_name: customerName,
    assignee_id: null,
    assignee_name: null,
    priority: "normal",
    escalated: 0,
    escalation_reason: null,
    queued_at: now,
    first_response_at: null,
    assigned_at: null,
    resolved_at: null,
    outcome: null,
    rating: null,
  };
  const greeting = {
    id: crypto.randomUUID(),
    seq: 1,
    timestamp: now,
    content: env.DEFAULT_MESSAGE,
    author_type: "service_agent",
    client_message_id: null,
    author_name: null,
    visibility: "public",
  };
  const statements = statementsFor(env);
  const [, , owed] = await env.DB.batch([
    statements.insertSession.bind(
      id,
      now,
      now,
      1,
      "open",
      customerId,
      customerName,
      "normal",
      0,
      now,
      0,
      0,
      null,
      0,
      null,
      null,
      null,
      null,
      null,
    ),
    statements.insertMessage.bind(
      greeting.id,
      id,
      1,
      now,
      greeting.content,
      greeting.author_type,
      null,
      null,
      null,
      "public",
    ),
    statements.oweCreated.bind("created", null, now, id),
  ]);
  await publishQuietly(() => queueOf(env).publish("created", presentSessionFields(session, true)));
  await env.DB.prepare(OUTBOX_DONE).bind(owed.results[0].id).run();
  const iat = Math.floor(started / 1000);
  const exp = iat + TOKEN_TTL_SECONDS;
  const token = await signToken(env, {
    role: "customer",
    sid: id,
    sub: customerId,
    iss: env.AUTH_ISSUER,
    aud: env.AUTH_AUDIENCE,
    iat,
    exp,
  });
  return json(
    {
      ...presentSession(session, [greeting], Number(env.DEFAULT_PAGE_SIZE), false),
      customer_token: { token, expires_at: new Date(exp * 1000).toISOString() },
    },
    201,
  );
}

async function getSession(env, user, id, limit) {
  const view = viewOf(user);
  const statements = statementsFor(env);
  const [sessions, newestFirst] = await env.DB.batch([
    statements.sessionById.bind(id),
    view === "public"
      ? statements.newest.public.bind(id, "public", limit + 1)
      : statements.newest.all.bind(id, limit + 1),
  ]);
  const session = sessions.results[0];
  if (!session) return problem(404, "Not Found");
  return json(presentSession(session, newestFirst.results, limit, view === "all"));
}

const codePoints = (text) => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** The body as the service's schema takes it, or null where it would answer 400. */
function parseNewMessage(body, env) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const { author_type, content, visibility, client_message_id } = body;
  const valid =
    (author_type === undefined || author_type === "customer" || author_type === "service_agent") &&
    typeof content === "string" &&
    content.trim().length > 0 &&
    codePoints(content) <= Number(env.MAX_MESSAGE_LENGTH) &&
    (visibility === undefined || visibility === "public" || visibility === "internal") &&
    (client_message_id === undefined ||
      (typeof client_message_id === "string" &&
        client_message_id.length >= 1 &&
        client_message_id.length <= 128));
  return valid ? { author_type, content, visibility, client_message_id } : null;
}

/** The binds of the service's "stored by this batch" condition: one message among the newest. */
const stored1 = (sessionId, messageId) => [sessionId, 1, sessionId, messageId];

async function addMessage(request, env, user, id, limit) {
  const { success } = await env.MESSAGE_RATE_LIMITER.limit({ key: `sub:${user.subject}` });
  if (!success) return problem(429, "Too Many Requests");
  let body;
  try {
    body = parseNewMessage(await request.json(), env);
  } catch {
    return problem(400, "Bad Request");
  }
  if (!body) return problem(400, "Bad Request");
  if (user.role === "admin") return problem(403, "Forbidden");
  const authorType = user.role === "customer" ? "customer" : "service_agent";
  if (body.author_type !== undefined && body.author_type !== authorType) {
    return problem(403, "Forbidden");
  }
  const visibility = body.visibility ?? "public";
  if (visibility === "internal" && user.role === "customer") return problem(403, "Forbidden");

  const view = viewOf(user);
  const messageId = crypto.randomUUID();
  const now = new Date().toISOString();
  const authorName = typeof user.name === "string" ? user.name : null;
  const clientId = body.client_message_id ?? null;
  const allowResolved = authorType !== "customer" ? 1 : 0;
  const firstResponseAt = authorType === "service_agent" && visibility === "public" ? now : null;
  const statements = statementsFor(env);
  const {
    bump,
    insert,
    owe,
    participant,
    stored: readBack,
    session: sessionById,
    newest,
  } = clientId ? statements.appendWithClientId[view] : statements.append[view];
  const unlessTaken = clientId ? [id, clientId] : [];
  const [, , owed, , stored, sessions, newestFirst] = await env.DB.batch([
    bump.bind(
      now,
      firstResponseAt,
      // The service-level bits (the baseline has no teams, so they always leave due_at as it is).
      firstResponseAt,
      authorType,
      now,
      ".next_response_seconds",
      firstResponseAt,
      authorType,
      ".next_response_seconds",
      "next_response",
      id,
      allowResolved,
      ...unlessTaken,
    ),
    insert.bind(
      messageId,
      now,
      body.content,
      authorType,
      clientId,
      user.subject,
      authorName,
      visibility,
      id,
      allowResolved,
      ...unlessTaken,
    ),
    owe.bind("message", null, now, ...stored1(id, messageId)),
    participant.bind(user.role, ...stored1(id, messageId), user.role),
    clientId
      ? readBack.bind(id, ...stored1(id, messageId), clientId)
      : readBack.bind(id, ...stored1(id, messageId)),
    sessionById.bind(id),
    view === "public" ? newest.bind(id, "public", limit + 1) : newest.bind(id, limit + 1),
  ]);
  const session = sessions.results[0];
  if (!session) return problem(404, "Not Found");
  const message = stored.results[0];
  // The service reopens a resolved session for a customer here (a workflow transition); the bench never
  // writes into a resolved session, so the baseline only refuses.
  if (!message) return problem(409, "Conflict");
  const created = message.id === messageId;
  if (
    !created &&
    (message.content !== body.content ||
      message.author_type !== authorType ||
      message.visibility !== visibility)
  ) {
    return problem(409, "Conflict");
  }
  const presented = presentMessage(message);
  if (created) {
    await Promise.all([
      publishQuietly(() => roomOf(env, id).publish(presented)),
      publishQuietly(() => queueOf(env).publish("message", presentSessionFields(session, true))),
    ]);
    // Done: the outbox entry written with the message goes (the service does this after the answer).
    await env.DB.prepare(OUTBOX_DONE).bind(owed.results[0].id).run();
  }
  return json(
    { ...presentSession(session, newestFirst.results, limit, view === "all"), message: presented },
    created ? 201 : 200,
  );
}

async function listMessages(env, user, id, url, limit) {
  const afterSeq = queryInt(url, "after_seq", 0, Number.MAX_SAFE_INTEGER);
  const beforeSeq = queryInt(url, "before_seq", 0, Number.MAX_SAFE_INTEGER);
  if (afterSeq === null || beforeSeq === null) return problem(400, "Bad Request");
  if (afterSeq !== undefined && beforeSeq !== undefined) return problem(400, "Bad Request");
  const view = viewOf(user);
  const statements = statementsFor(env);
  const backwards = beforeSeq !== undefined;
  const seq = backwards ? beforeSeq : (afterSeq ?? 0);
  const pageStatement = (backwards ? statements.before : statements.after)[view];
  const [sessions, rows] = await env.DB.batch([
    statements.sessionById.bind(id),
    view === "public"
      ? pageStatement.bind(id, seq, "public", limit + 1)
      : pageStatement.bind(id, seq, limit + 1),
  ]);
  if (!sessions.results[0]) return problem(404, "Not Found");
  const messages = rows.results.slice(0, limit).map(presentMessage);
  if (backwards) messages.reverse();
  return json({ session_id: id, messages, has_more: rows.results.length > limit });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter(Boolean);
    const method = request.method;
    if (parts[0] !== "sessions") return problem(404, "Not Found");

    const authorization = request.headers.get("Authorization");
    const user = authorization === null ? null : await verifyToken(env, authorization);
    if (authorization !== null && !user) return problem(401, "Unauthorized");

    if (parts.length === 1)
      return method === "POST"
        ? createSession(request, env, user)
        : problem(405, "Method Not Allowed");
    if (!user) return problem(401, "Unauthorized");

    const id = parts[1].toLowerCase();
    if (!UUID.test(id) || parts.length > 3 || (parts.length === 3 && parts[2] !== "messages")) {
      return problem(404, "Not Found");
    }
    if (user.role === "customer" && user.sessionId.toLowerCase() !== id) {
      return problem(404, "Not Found");
    }
    const limit = pageSize(url, env);
    if (limit === null) return problem(400, "Bad Request");
    if (parts.length === 2 && method === "GET") return getSession(env, user, id, limit);
    if (parts.length === 3 && method === "POST") return addMessage(request, env, user, id, limit);
    if (parts.length === 3 && method === "GET") return listMessages(env, user, id, url, limit);
    return problem(405, "Method Not Allowed");
  },
};
