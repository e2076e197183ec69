// The webhooks check's verdict: what the receiver got, held against the delivery log and against
// what the traffic made. Every try verified; every event of the traffic recorded once and delivered;
// nothing the traffic did not make; one body per event id; a session's events in order; Retry-After
// and the timeout honoured.
import { RETRY_AFTER_SECONDS } from "./webhooks-receiver.mjs";

/** A session event's or a message's place in its session: its seq, messages before changes. */
function orderOf(event) {
  if (event.type === "message.created") return [event.data.message.seq, 0];
  return [event.data.session.last_seq, 1];
}
const before = (a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Answers {failures, figures}. */
export function verdict({ requests, deliveries, sessions, timeoutSeconds }) {
  const failures = [];
  const fail = (what) => failures.push(what);

  // Every try: signed by the endpoint's secret, and its body one per id.
  const tries = new Map();
  const bodyOf = new Map();
  for (const request of requests) {
    if (request.verified !== true) {
      fail(`a try did not verify (${request.verified}): ${JSON.stringify(request.headers)}`);
    }
    if (bodyOf.has(request.id) && bodyOf.get(request.id) !== request.body) {
      fail(`event ${request.id} came with two bodies:\n${bodyOf.get(request.id)}\n${request.body}`);
    }
    bodyOf.set(request.id, request.body);
    if (!tries.has(request.id)) tries.set(request.id, []);
    tries.get(request.id).push(request);
  }

  // The log: all delivered, each event once.
  const logged = new Map();
  for (const delivery of deliveries) {
    if (logged.has(delivery.event_id)) fail(`the log holds event ${delivery.event_id} twice`);
    logged.set(delivery.event_id, delivery);
    if (delivery.status !== "delivered") {
      fail(
        `delivery ${delivery.id} (${delivery.event_type}) is ${delivery.status}: ${JSON.stringify(delivery)}`,
      );
    }
    const arrived = (tries.get(delivery.event_id) ?? []).some((t) => t.answer === "204");
    if (!arrived)
      fail(
        `event ${delivery.event_id} (${delivery.event_type}) never reached the receiver with a 2xx`,
      );
  }
  for (const id of tries.keys()) {
    if (!logged.has(id)) fail(`the receiver got event ${id}, which the delivery log does not hold`);
  }

  // What the traffic made: each message's event by id, each session's changes by type and count.
  let expected = 0;
  for (const session of sessions.values()) {
    const ofSession = deliveries.filter((d) => d.session_id === session.id);
    for (const id of session.messages) {
      expected++;
      if (!logged.has(id)) fail(`message event ${id} of session ${session.id} was never recorded`);
    }
    const made = countOf(session.changes);
    const recorded = countOf(
      ofSession.filter((d) => d.event_type !== "message.created").map((d) => d.event_type),
    );
    for (const type of new Set([...made.keys(), ...recorded.keys()])) {
      expected += made.get(type) ?? 0;
      if ((made.get(type) ?? 0) !== (recorded.get(type) ?? 0)) {
        fail(
          `session ${session.id}: the traffic made ${made.get(type) ?? 0} ${type}, the log holds ${recorded.get(type) ?? 0}`,
        );
      }
    }
    const messages = ofSession.filter((d) => d.event_type === "message.created").length;
    if (messages !== session.messages.length) {
      fail(
        `session ${session.id}: ${session.messages.length} messages written, ${messages} message events recorded`,
      );
    }
  }
  if (sessions.size && deliveries.length !== expected) {
    fail(`the log holds ${deliveries.length} events; the traffic made ${expected}`);
  }

  // Per session: no try of an event before every earlier event of its session was delivered.
  const bySession = Map.groupBy(
    [...tries.entries()].filter(([id]) => logged.get(id)?.session_id),
    ([id]) => logged.get(id).session_id,
  );
  let outOfOrder = 0;
  for (const [sessionId, events] of bySession) {
    const placed = events.map(([id, list]) => ({
      id,
      order: orderOf(JSON.parse(list[0].body)),
      firstTry: list[0].at,
      delivered: list.find((t) => t.answer === "204")?.at ?? Number.POSITIVE_INFINITY,
    }));
    for (const later of placed) {
      const earlier = placed.filter(
        (e) => before(e.order, later.order) && e.delivered > later.firstTry,
      );
      if (earlier.length && outOfOrder++ < 5) {
        const e = earlier[0];
        fail(
          `session ${sessionId}: ${later.id} (at ${later.order}) was tried at ${iso(later.firstTry)}, before ${e.id} (at ${e.order}) was delivered at ${iso(e.delivered)}`,
        );
      }
    }
  }
  if (outOfOrder > 5)
    fail(`${outOfOrder - 5} more events tried before an earlier one was delivered`);

  // The service waited as asked: Retry-After, and no answer within the timeout.
  const gaps = (answer) =>
    [...tries.values()]
      .filter((list) => list[0].answer === answer && list[1])
      .map((list) => (list[1].at - list[0].at) / 1000);
  for (const gap of gaps("500 retry-after").filter((g) => g < RETRY_AFTER_SECONDS - 0.5)) {
    fail(`a retry came ${gap.toFixed(1)} s after a 500 with Retry-After: ${RETRY_AFTER_SECONDS}`);
  }
  for (const gap of gaps("hang").filter((g) => g < timeoutSeconds - 0.5)) {
    fail(
      `a retry came ${gap.toFixed(1)} s after a try that hung (the timeout is ${timeoutSeconds} s)`,
    );
  }

  const okCount = (list) => list.filter((t) => t.answer === "204").length;
  const firstAnswers = countOf([...tries.values()].map((list) => list[0].answer));
  return {
    failures,
    figures: {
      events: logged.size,
      expected,
      tries: requests.length,
      retries: requests.length - tries.size,
      firstAnswers: Object.fromEntries(firstAnswers),
      duplicates: [...tries.values()].filter((list) => okCount(list) > 1).length,
      attempts: deliveries.reduce((sum, d) => sum + d.attempts, 0),
      delivered: [...tries.values()]
        .map((list) => list.find((t) => t.answer === "204"))
        .filter(Boolean)
        .map((t) => ({ at: t.at, event: JSON.parse(t.body) })),
    },
  };
}

const countOf = (values) => {
  const counts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};
const iso = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(11, 23) : "never");
