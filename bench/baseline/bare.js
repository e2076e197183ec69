// The bare baseline of `BENCH_BASELINE=bare npm run bench`: the least a Worker can do and still store
// what the service stores. No framework, no token check, no rate limit, no validation, no problem
// answers: it runs the service's own D1 batches (bench/baseline/sql.js), answers the same JSON, and after
// the answer publishes once (a message to its session's room, a new session to the queue room) and
// removes the outbox entry its batch wrote, as the service does. The caller's subject is read from the
// token's payload unverified, only so that the same rows (the author, the participant) are written.
import { OUTBOX_DONE, SQL } from "./sql.js";

export { Queue, Room } from "./worker.js";

const TOKEN_TTL_SECONDS = 14_400;
const encoder = new TextEncoder();
let signingKey;

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const base64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

/** The token's claims, unverified. */
const claimsOf = (authorization) =>
  JSON.parse(atob(authorization.split(".")[1].replaceAll("-", "+").replaceAll("_", "/")));

/** The customer token of a new session: the answer carries one, so the bare Worker signs it too. */
async function customerToken(env, claims) {
  const [kid, secret] = env.AUTH_SIGNING_KEYS.split(",")[0].split(/:(.*)/);
  signingKey ??= crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const part = (value) => base64url(encoder.encode(JSON.stringify(value)));
  const unsigned = `${part({ alg: "HS256", kid, typ: "JWT" })}.${part(claims)}`;
  const signature = await crypto.subtle.sign("HMAC", await signingKey, encoder.encode(unsigned));
  return `${unsigned}.${base64url(new Uint8Array(signature))}`;
}

const statementsByEnv = new WeakMap();
function statementsFor(env) {
  let prepared = statementsByEnv.get(env);
  if (!prepared) {
    const prepareAll = (value) =>
      typeof value === "string"
        ? env.DB.prepare(value)
        : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepareAll(v)]));
    prepared = prepareAll(SQL);
    statementsByEnv.set(env, prepared);
  }
  return prepared;
}

const message = (m) => ({
  id: m.id,
  seq: m.seq,
  author_type: m.author_type,
  content: m.content,
  timestamp: m.timestamp,
  client_message_id: m.client_message_id,
  author_name: m.author_name,
  visibility: m.visibility,
});

const session = (s, newestFirst, limit) => ({
  id: s.id,
  created_at: s.created_at,
  updated_at: s.updated_at,
  status: s.status,
  last_seq: s.last_seq,
  customer: s.customer_id ? { id: s.customer_id, name: s.customer_name } : null,
  assignee: s.assignee_id ? { id: s.assignee_id, name: s.assignee_name } : null,
  queued_at: s.queued_at,
  first_response_at: s.first_response_at,
  assigned_at: s.assigned_at,
  resolved_at: s.resolved_at,
  outcome: s.outcome,
  rating:
    s.rating == null ? null : { score: s.rating, comment: s.rating_comment, rated_at: s.rated_at },
  messages: newestFirst.slice(0, limit).reverse().map(message),
  has_older_messages: newestFirst.length > limit,
});

/** After the answer: one publish, then the outbox entry goes (a failed publish is not retried here). */
function afterAnswer(ctx, env, publish, owedId) {
  ctx.waitUntil(
    publish()
      .catch(() => {})
      .then(() => env.DB.prepare(OUTBOX_DONE).bind(owedId).run()),
  );
}

async function createSession(env, ctx) {
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  const customerId = `customer:${crypto.randomUUID()}`;
  const greetingId = crypto.randomUUID();
  const s = statementsFor(env);
  // binds as in bench/baseline/worker.js (the service's values for a new session without a team)
  const [, , owed] = await env.DB.batch([
    s.insertSession.bind(
      id,
      now,
      now,
      1,
      "open",
      customerId,
      null,
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
    s.insertMessage.bind(
      greetingId,
      id,
      1,
      now,
      env.DEFAULT_MESSAGE,
      "service_agent",
      null,
      null,
      null,
      "public",
    ),
    s.oweCreated.bind("created", null, now, id),
  ]);
  const created = {
    id,
    created_at: now,
    updated_at: now,
    status: "open",
    last_seq: 1,
    customer_id: customerId,
    customer_name: null,
    queued_at: now,
    rating: null,
  };
  const queue = env.QUEUE.get(env.QUEUE.idFromName("queue"));
  afterAnswer(ctx, env, () => queue.publish("created", created), owed.results[0].id);
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + TOKEN_TTL_SECONDS;
  const claims = {
    role: "customer",
    sid: id,
    sub: customerId,
    iss: env.AUTH_ISSUER,
    aud: env.AUTH_AUDIENCE,
    iat,
    exp,
  };
  const greeting = {
    id: greetingId,
    seq: 1,
    timestamp: now,
    content: env.DEFAULT_MESSAGE,
    author_type: "service_agent",
    client_message_id: null,
    author_name: null,
    visibility: "public",
  };
  return json(
    {
      ...session(created, [greeting], 100),
      customer_token: {
        token: await customerToken(env, claims),
        expires_at: new Date(exp * 1000).toISOString(),
      },
    },
    201,
  );
}

async function addMessage(request, env, ctx, id, limit) {
  const { content } = await request.json();
  const subject = claimsOf(request.headers.get("authorization")).sub;
  const messageId = crypto.randomUUID();
  const now = new Date().toISOString();
  const stored = [id, 1, id, messageId];
  const {
    bump,
    insert,
    owe,
    participant,
    stored: readBack,
    session: byId,
    newest,
  } = statementsFor(env).append.public;
  const [, , owed, , [added], [s], newestFirst] = (
    await env.DB.batch([
      // the service's binds for a customer's message in a session without a team (bench/baseline/worker.js)
      bump.bind(
        now,
        null,
        null,
        "customer",
        now,
        ".next_response_seconds",
        null,
        "customer",
        ".next_response_seconds",
        "next_response",
        id,
        0,
      ),
      insert.bind(messageId, now, content, "customer", null, subject, null, "public", id, 0),
      owe.bind("message", null, now, ...stored),
      participant.bind("customer", ...stored, "customer"),
      readBack.bind(id, ...stored),
      byId.bind(id),
      newest.bind(id, "public", limit + 1),
    ])
  ).map((result) => result.results);
  const room = env.ROOMS.get(env.ROOMS.idFromName(id));
  afterAnswer(ctx, env, () => room.publish(message(added)), owed[0].id);
  return json({ ...session(s, newestFirst, limit), message: message(added) }, 201);
}

async function getSession(env, id, limit) {
  const s = statementsFor(env);
  const [[found], newestFirst] = (
    await env.DB.batch([s.sessionById.bind(id), s.newest.public.bind(id, "public", limit + 1)])
  ).map((result) => result.results);
  return json(session(found, newestFirst, limit));
}

async function listMessages(env, id, afterSeq, limit) {
  const [, rows] = (
    await env.DB.batch([
      statementsFor(env).sessionById.bind(id),
      statementsFor(env).after.public.bind(id, afterSeq, "public", limit + 1),
    ])
  ).map((result) => result.results);
  return json({
    session_id: id,
    messages: rows.slice(0, limit).map(message),
    has_more: rows.length > limit,
  });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const [, , id, messages] = url.pathname.split("/");
    const limit = Number(url.searchParams.get("limit") ?? 100);
    if (!id) return createSession(env, ctx);
    if (!messages) return getSession(env, id, limit);
    if (request.method === "POST") return addMessage(request, env, ctx, id, limit);
    return listMessages(env, id, Number(url.searchParams.get("after_seq") ?? 0), limit);
  },
};
