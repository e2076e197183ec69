// The webhooks check's desk: customers start sessions and write while agents claim them, reply,
// write internal notes, escalate some, hand some to a second-line agent (a supervisor's assign) and
// resolve them once the customer is done. Every answer that made an event is noted, to hold the
// events that arrived against what the traffic made.
import { sleep } from "./dev.mjs";
import { mintToken } from "./setup.mjs";

const CUSTOMER_MESSAGES = 4;
const CUSTOMER_WORKERS = 8;
const AGENTS = 8;
const DEADLINE_MS = 150_000;

/** A sleep that does not keep the process alive. */
const unrefSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A promise with its resolve, made by whichever side first needs it. */
const deferred = () => {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
};

/**
 * Runs the desk with `count` sessions against `client` (filesClient); answers every session's
 * expected events: `sessions` (id → {messages: event ids, changes: event types in the order their
 * answers came}).
 */
export async function runDesk(client, secret, count) {
  const { call, expectThat } = client;
  const sessions = new Map();
  const sessionOf = (id) => {
    if (!sessions.has(id)) sessions.set(id, { id, messages: [], changes: [], done: deferred() });
    return sessions.get(id);
  };
  const supervisor = await mintToken(secret, { sub: "wh-sam", role: "supervisor", name: "Sam" });
  const deadline = Date.now() + DEADLINE_MS;
  let started = 0;
  let resolved = 0;

  const say = async (session, token, json, kind) => {
    const said = await call("POST", `/sessions/${session.id}/messages`, { token, json, kind });
    if (expectThat(said.status === 201, `${kind} in ${session.id}: ${said.status}`)) {
      session.messages.push(`evt_${said.body.message.id.replaceAll("-", "")}`);
    }
  };
  const transition = async (session, path, token, json, change) => {
    const done = await call("POST", `/sessions/${session.id}/${path}`, { token, json, kind: path });
    if (expectThat(done.status === 200, `${path} ${session.id}: ${done.status}`)) {
      session.changes.push(change);
    }
    return done.status === 200;
  };

  const customer = async () => {
    while (started < count) {
      const i = started++;
      const answer = await call("POST", "/sessions", { json: {}, kind: "start" });
      if (!expectThat(answer.status === 201, `POST /sessions: ${answer.status}`)) continue;
      const session = sessionOf(answer.body.id);
      session.changes.unshift("session.created");
      const token = answer.body.customer_token.token;
      for (let m = 0; m < CUSTOMER_MESSAGES; m++) {
        await sleep(((i * 7 + m * 13) % 5) * 40);
        const kind = m === 0 ? "first customer message" : "customer message";
        await say(session, token, { content: `Question ${m + 1} of customer ${i}` }, kind);
      }
      session.done.resolve();
    }
  };

  const agent = async (k) => {
    const name = `Agent ${k}`;
    const token = await mintToken(secret, { sub: `wh-agent-${k}`, role: "service_agent", name });
    let worked = 0;
    while (resolved < count && Date.now() < deadline) {
      const claimed = await call("POST", "/queue/claim", { token, kind: "claim" });
      if (claimed.status === 404) {
        await sleep(100);
        continue;
      }
      if (!expectThat(claimed.status === 200, `claim: ${claimed.status}`)) continue;
      const session = sessionOf(claimed.body.id);
      session.changes.push("session.assigned");
      const n = k * 1000 + worked++;
      const reply = { author_type: "service_agent" };
      await say(session, token, { ...reply, content: `Hello, ${name} here` }, "agent message");
      await say(
        session,
        token,
        { ...reply, content: `Customer ${n} asked twice`, visibility: "internal" },
        "internal note",
      );
      if (n % 3 === 0) {
        const reason = { reason: "Asked for a refund" };
        await transition(session, "escalate", token, reason, "session.escalated");
      }
      await say(
        session,
        token,
        { ...reply, content: "Let me check that for you" },
        "agent message",
      );
      // The customer's last word first (a session of this desk's: else its deadline).
      await Promise.race([session.done.promise, unrefSleep(deadline - Date.now())]);
      let closer = token;
      if (n % 4 === 1) {
        const to = { agent_id: `wh-second-line-${n}`, agent_name: "Second line" };
        if (await transition(session, "assign", supervisor, to, "session.assigned")) {
          closer = supervisor;
        }
      }
      await transition(session, "resolve", closer, { outcome: "resolved" }, "session.resolved");
      resolved++;
    }
  };

  await Promise.all([
    ...Array.from({ length: CUSTOMER_WORKERS }, customer),
    ...Array.from({ length: AGENTS }, (_, k) => agent(k)),
  ]);
  expectThat(resolved === count, `${resolved} of ${count} sessions resolved before the deadline`);
  return sessions;
}
