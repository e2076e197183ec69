// Baseline Worker for `npm run bench`: the four chat endpoints with no framework, no validation library,
// no ORM and no JWT library. It does the service's work by hand: verifies the HS256 bearer token with
// WebCrypto (signature, exp, iss, aud, role, a customer's session), calls the same rate limiter
// bindings, signs the customer token on session creation, issues the same D1 statements in the same
// batches as src/db/chat-repository.ts (SQL as drizzle prints it) and publishes each stored message to
// the session's Durable Object by RPC. The difference to the service is what the service adds around it.
import { DurableObject } from "cloudflare:workers";

const SESSION_COLUMNS = `"id", "created_at", "updated_at", "last_seq", "status", "customer_id"`;
const MESSAGE_COLUMNS = `"id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name"`;

const SQL = {
  insertSession: `insert into "chat_sessions" (${SESSION_COLUMNS}) values (?, ?, ?, ?, ?, ?)`,
  insertMessage: `insert into "chat_messages" (${MESSAGE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  sessionById: `select ${SESSION_COLUMNS} from "chat_sessions" where "chat_sessions"."id" = ?`,
  newestMessages: `select ${MESSAGE_COLUMNS} from "chat_messages" where "chat_messages"."session_id" = ? order by "chat_messages"."seq" desc limit ?`,
  bumpLastSeq: `update "chat_sessions" set "updated_at" = ?, "last_seq" = "chat_sessions"."last_seq" + 1 where "chat_sessions"."id" = ?`,
  insertNextMessage: `insert into "chat_messages" (${MESSAGE_COLUMNS}) select ? as "id", "id", "last_seq", ? as "timestamp", ? as "content", ? as "author_type", ? as "client_message_id", ? as "author_id", ? as "author_name" from "chat_sessions" where "chat_sessions"."id" = ?`,
  messageById: `select ${MESSAGE_COLUMNS} from "chat_messages" where ("chat_messages"."session_id" = ? and "chat_messages"."id" = ?)`,
  messagesAfter: `select ${MESSAGE_COLUMNS} from "chat_messages" where ("chat_messages"."session_id" = ? and "chat_messages"."seq" > ?) order by "chat_messages"."seq" asc limit ?`,
};

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
    for (const ws of this.ctx.getWebSockets()) ws.send(frame);
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

const presentMessage = (m) => ({
  id: m.id,
  seq: m.seq,
  author_type: m.author_type,
  content: m.content,
  timestamp: m.timestamp,
  client_message_id: m.client_message_id,
  author_name: m.author_name,
});

const presentSession = (s, newestFirst, limit) => ({
  id: s.id,
  created_at: s.created_at,
  updated_at: s.updated_at,
  status: s.status,
  last_seq: s.last_seq,
  messages: newestFirst.slice(0, limit).reverse().map(presentMessage),
  has_older_messages: newestFirst.length > limit,
});

function pageSize(url, env) {
  const limit = Number(url.searchParams.get("limit") ?? env.DEFAULT_PAGE_SIZE);
  return Number.isInteger(limit) && limit >= 1 && limit <= Number(env.MAX_PAGE_SIZE) ? limit : null;
}

async function createSession(request, env, user) {
  const { success } = await env.SESSION_RATE_LIMITER.limit({
    key: request.headers.get("CF-Connecting-IP") ?? "unknown",
  });
  if (!success) return problem(429, "Too Many Requests");
  const started = Date.now();
  const now = new Date(started).toISOString();
  const id = crypto.randomUUID();
  const customerId = user?.role === "customer" ? user.subject : `customer:${crypto.randomUUID()}`;
  const greeting = {
    id: crypto.randomUUID(),
    session_id: id,
    seq: 1,
    timestamp: now,
    content: env.DEFAULT_MESSAGE,
    author_type: "service_agent",
    client_message_id: null,
    author_id: null,
    author_name: null,
  };
  await env.DB.batch([
    env.DB.prepare(SQL.insertSession).bind(id, now, now, 1, "open", customerId),
    env.DB.prepare(SQL.insertMessage).bind(
      greeting.id,
      id,
      1,
      now,
      greeting.content,
      greeting.author_type,
      null,
      null,
      null,
    ),
  ]);
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
  const session = { id, created_at: now, updated_at: now, status: "open", last_seq: 1 };
  return json(
    {
      ...presentSession(session, [greeting], Number(env.DEFAULT_PAGE_SIZE)),
      customer_token: { token, expires_at: new Date(exp * 1000).toISOString() },
    },
    201,
  );
}

async function getSession(env, id, limit) {
  const [sessions, newestFirst] = await env.DB.batch([
    env.DB.prepare(SQL.sessionById).bind(id),
    env.DB.prepare(SQL.newestMessages).bind(id, limit + 1),
  ]);
  const session = sessions.results[0];
  if (!session) return problem(404, "Not Found");
  return json(presentSession(session, newestFirst.results, limit));
}

async function addMessage(request, env, user, id, limit) {
  if (user.role === "admin") return problem(403, "Forbidden");
  const { success } = await env.MESSAGE_RATE_LIMITER.limit({ key: `sub:${user.subject}` });
  if (!success) return problem(429, "Too Many Requests");
  let body;
  try {
    body = await request.json();
  } catch {
    return problem(400, "Bad Request");
  }
  const authorType = user.role === "customer" ? "customer" : "service_agent";
  const valid =
    body !== null &&
    typeof body === "object" &&
    (body.author_type === undefined || body.author_type === authorType) &&
    typeof body.content === "string" &&
    body.content.trim().length > 0;
  if (!valid) return problem(400, "Bad Request");

  const messageId = crypto.randomUUID();
  const now = new Date().toISOString();
  const authorName = typeof user.name === "string" ? user.name : null;
  const [, , stored, sessions, newestFirst] = await env.DB.batch([
    env.DB.prepare(SQL.bumpLastSeq).bind(now, id),
    env.DB.prepare(SQL.insertNextMessage).bind(
      messageId,
      now,
      body.content,
      authorType,
      null,
      user.subject,
      authorName,
      id,
    ),
    env.DB.prepare(SQL.messageById).bind(id, messageId),
    env.DB.prepare(SQL.sessionById).bind(id),
    env.DB.prepare(SQL.newestMessages).bind(id, limit + 1),
  ]);
  const session = sessions.results[0];
  const message = stored.results[0];
  if (!session || !message) return problem(404, "Not Found");
  const presented = presentMessage(message);
  try {
    await env.ROOMS.get(env.ROOMS.idFromName(id)).publish(presented);
  } catch {
    // like the service: a failed fan-out does not fail the write
  }
  return json({ ...presentSession(session, newestFirst.results, limit), message: presented }, 201);
}

async function listMessages(env, id, url, limit) {
  const afterSeq = Number(url.searchParams.get("after_seq") ?? 0);
  if (!Number.isInteger(afterSeq) || afterSeq < 0) return problem(400, "Bad Request");
  const [sessions, rows] = await env.DB.batch([
    env.DB.prepare(SQL.sessionById).bind(id),
    env.DB.prepare(SQL.messagesAfter).bind(id, afterSeq, limit + 1),
  ]);
  if (!sessions.results[0]) return problem(404, "Not Found");
  return json({
    session_id: id,
    messages: rows.results.slice(0, limit).map(presentMessage),
    has_more: rows.results.length > limit,
  });
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
    if (parts.length === 2 && method === "GET") return getSession(env, id, limit);
    if (parts.length === 3 && method === "POST") return addMessage(request, env, user, id, limit);
    if (parts.length === 3 && method === "GET") return listMessages(env, id, url, limit);
    return problem(405, "Method Not Allowed");
  },
};
