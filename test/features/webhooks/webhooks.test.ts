// Webhooks: endpoints (admins), events recorded with the outbox's entry, delivered through the
// WEBHOOKS queue per the Standard Webhooks specification (verified here with its reference library),
// retried on the schedule, in order per session, out of tries to the dead-letter queue, replayable.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { type DeliveryMessage, EVENT_TYPES } from "../../../src/features/webhooks";
import worker from "../../../src/index";
import {
  agentToken,
  call,
  config,
  createSession,
  env,
  mint,
  postJson,
  supervisorToken,
  testApp,
  testServices,
} from "../../helpers";

const admin = await mint({ role: "admin", subject: "ada", name: "Ada" });

interface EndpointBody {
  id: string;
  secret?: string;
  enabled: boolean;
  disabled_reason: string | null;
}
interface DeliveryBody {
  id: string;
  event_id: string;
  event_type: string;
  session_id: string | null;
  status: string;
  attempts: number;
  last_status: number | null;
}

async function newEndpoint(body: Record<string, unknown> = {}) {
  const response = await postJson(
    "/webhooks/endpoints",
    { url: "https://receiver.example/hooks", ...body },
    { token: admin },
  );
  expect(response.status).toBe(201);
  return response.json<EndpointBody & { secret: string }>();
}

async function deliveriesOf(endpointId: string, query = "") {
  const response = await call(`/webhooks/endpoints/${endpointId}/deliveries${query}`, {
    token: admin,
  });
  return (await response.json<{ deliveries: DeliveryBody[] }>()).deliveries;
}

/** Waits until `check` holds (events are recorded after the answer). */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("timed out");
}

/** A queue producer that keeps what it is sent (and can be made to fail). */
function capturingQueue(fail = false) {
  const sent: { body: DeliveryMessage; delaySeconds?: number }[] = [];
  const queue = {
    sent,
    async send(body: DeliveryMessage, options?: { delaySeconds?: number }) {
      if (fail) throw new Error("queue unavailable");
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(
      messages: Iterable<{ body: DeliveryMessage }>,
      options?: { delaySeconds?: number },
    ) {
      if (fail) throw new Error("queue unavailable");
      for (const message of messages) {
        sent.push({ body: message.body, delaySeconds: options?.delaySeconds });
      }
    },
  };
  return queue as typeof queue & Queue<DeliveryMessage>;
}

/** A receiver that answers as scripted and keeps every request it got. */
function receiver(answers: (request: Request, index: number) => Response | Promise<Response>) {
  const received: { headers: Record<string, string>; body: string }[] = [];
  const transport = async (request: Request) => {
    const body = await request.text();
    received.push({ headers: Object.fromEntries(request.headers), body });
    return answers(request, received.length - 1);
  };
  return { received, transport };
}

/** Hands deliveries to the consumer as the queue would; answers what it acknowledged. */
async function consume(
  services: ReturnType<typeof testServices>,
  deliveries: string[],
  queue = "support-chat-webhooks",
) {
  const batch = createMessageBatch<DeliveryMessage>(
    queue,
    deliveries.map((delivery, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: { delivery },
    })),
  );
  const ctx = createExecutionContext();
  if (queue.endsWith("-dead")) await services.webhookDeliveries.bury(batch);
  else await services.webhookDeliveries.consume(batch);
  return getQueueResult(batch, ctx);
}

/** A session with a customer message, and the deliveries its events made for `endpointId`. */
async function conversation(endpointId: string, expected = 2) {
  const session = await createSession();
  await postJson(`/sessions/${session.id}/messages`, { content: "Where is my parcel?" });
  const deliveries = await until(
    () => deliveriesOf(endpointId),
    (list) => list.filter((d) => d.session_id === session.id).length >= expected,
  );
  return { session, deliveries: deliveries.filter((d) => d.session_id === session.id) };
}

describe("webhook endpoints", () => {
  it("are managed by admins; the secret is shown at creation and at rotation only", async () => {
    const refused = await postJson(
      "/webhooks/endpoints",
      { url: "https://x.example" },
      { token: supervisorToken },
    );
    expect(refused.status).toBe(403);
    const created = await newEndpoint({ events: ["session.resolved"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const read = await (await call(`/webhooks/endpoints/${created.id}`, { token: admin })).json<
      Record<string, unknown>
    >();
    expect(read.secret).toBeUndefined();
    expect(read.events).toEqual(["session.resolved"]);
    const rotated = await (
      await postJson(`/webhooks/endpoints/${created.id}/rotate-secret`, {}, { token: admin })
    ).json<{ secret: string; previous_secret_until: string }>();
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previous_secret_until)).toBeGreaterThan(Date.now());
    const removed = await call(`/webhooks/endpoints/${created.id}`, {
      method: "DELETE",
      token: admin,
    });
    expect(removed.status).toBe(204);
    expect((await call(`/webhooks/endpoints/${created.id}`, { token: admin })).status).toBe(404);
  });

  it("keep each event type they want once, however often the body names it", async () => {
    const created = await newEndpoint({
      events: ["session.resolved", "message.created", "session.resolved"],
    });
    expect((created as unknown as { events: string[] }).events).toEqual([
      "session.resolved",
      "message.created",
    ]);
    const replaced = await call(`/webhooks/endpoints/${created.id}`, {
      method: "PUT",
      token: admin,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        url: "https://receiver.example/hooks",
        events: ["session.rated", "session.rated"],
      }),
    });
    expect(((await replaced.json()) as { events: string[] }).events).toEqual(["session.rated"]);
  });

  it("refuse URLs that are not https to a public host", async () => {
    const refusedUrls = [
      "http://receiver.example/hooks",
      "https://127.0.0.1/hooks",
      "https://10.1.2.3/",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/",
      "https://[fd00::1]/",
      "https://[::ffff:192.168.1.1]/",
      "https://localhost/",
      "https://printer.local/",
      "https://intranet/",
      "https://user:pass@receiver.example/",
    ];
    for (const url of refusedUrls) {
      const response = await postJson("/webhooks/endpoints", { url }, { token: admin });
      expect(response.status, url).toBe(400);
    }
  });

  it("refuse a host name that resolves to a private address (where names are resolved)", async () => {
    const resolved: Record<string, string[]> = {
      "inside.example": ["93.184.216.34", "10.0.0.7"],
      "outside.example": ["93.184.216.34", "2606:2800:220:1::1"],
    };
    const { request } = testApp({
      vars: { WEBHOOK_DNS_CHECK: "true" },
      resolveHost: async (host) => resolved[host] ?? [],
    });
    const post = (url: string) =>
      request("/webhooks/endpoints", {
        method: "POST",
        headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
        body: JSON.stringify({ url }),
      });
    expect((await post("https://inside.example/hooks")).status).toBe(400);
    expect((await post("https://nowhere.example/hooks")).status).toBe(400);
    expect((await post("https://outside.example/hooks")).status).toBe(201);
  });
});

describe("events", () => {
  it("are recorded for the endpoints that want them, in the session's order, internal notes only where asked", async () => {
    const all = await newEndpoint({ include_internal: true });
    const resolvedOnly = await newEndpoint({ events: ["session.resolved"] });
    const { session } = await conversation(all.id);
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "note: VIP", visibility: "internal" },
      { token: agentToken },
    );
    expect(
      (await postJson(`/sessions/${session.id}/resolve`, {}, { token: agentToken })).status,
    ).toBe(200);
    expect((await postJson(`/sessions/${session.id}/rating`, { score: 5 })).status).toBe(200);
    const mine = (list: DeliveryBody[]) =>
      list.filter((d) => d.session_id === session.id).map((d) => d.event_type);
    const forAll = await until(
      () => deliveriesOf(all.id),
      (list) => mine(list).includes("session.rated"),
    );
    // Newest first in the log.
    expect(mine(forAll).reverse()).toEqual([
      "session.created",
      "message.created",
      "message.created",
      "session.resolved",
      "session.rated",
    ]);
    // Paged one at a time (after the last one's id), the log is the same, with none skipped.
    const paged: DeliveryBody[] = [];
    for (let before = ""; paged.length <= forAll.length; ) {
      const page = await deliveriesOf(all.id, `?limit=1${before && `&before=${before}`}`);
      if (!page[0]) break;
      paged.push(page[0]);
      before = page[0].id;
    }
    expect(paged.map((d) => d.id)).toEqual(forAll.map((d) => d.id));
    // An empty cursor names no delivery: refused, not read as "before nothing".
    const empty = await call(`/webhooks/endpoints/${all.id}/deliveries?before=`, { token: admin });
    expect(empty.status).toBe(400);
    const forResolved = await until(
      () => deliveriesOf(resolvedOnly.id),
      (list) => mine(list).length > 0,
    );
    expect(mine(forResolved)).toEqual(["session.resolved"]);
  });

  it("are recorded even when the queue does not take them, and the sweep enqueues them later", async () => {
    const endpoint = await newEndpoint();
    const failing = capturingQueue(true);
    const { request } = testApp({ webhookQueue: failing });
    const session = await createSession();
    const answer = await request(`/sessions/${session.id}/escalate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${agentToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "VIP" }),
    });
    expect(answer.status).toBe(200);
    const recorded = await until(
      () => deliveriesOf(endpoint.id),
      (list) =>
        list.some((d) => d.session_id === session.id && d.event_type === "session.escalated"),
    );
    expect(recorded.find((d) => d.event_type === "session.escalated")?.status).toBe("pending");
    const working = capturingQueue();
    const later = testServices({
      webhookQueue: working,
      clock: () => new Date(Date.now() + 10 * 60_000),
    });
    expect(await later.webhookDeliveries.sweep()).toBeGreaterThanOrEqual(1);
    const escalated = recorded.find((d) => d.event_type === "session.escalated")?.id;
    expect(working.sent.map((m) => m.body.delivery)).toContain(escalated);
  });
});

describe("delivery", () => {
  it("is signed per Standard Webhooks, verified by its reference library, and logged", async () => {
    const endpoint = await newEndpoint();
    const { deliveries } = await conversation(endpoint.id);
    const target = receiver(() => new Response("ok"));
    const services = testServices({ transport: target.transport, webhookQueue: capturingQueue() });
    const created = deliveries.find((d) => d.event_type === "session.created") as DeliveryBody;
    const result = await consume(services, [created.id]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const [sent] = target.received;
    expect(sent?.headers["webhook-id"]).toBe(created.event_id);
    const verified = new Webhook(endpoint.secret).verify(sent?.body as string, {
      "webhook-id": sent?.headers["webhook-id"] as string,
      "webhook-timestamp": sent?.headers["webhook-timestamp"] as string,
      "webhook-signature": sent?.headers["webhook-signature"] as string,
    }) as { id: string; type: string; data: { session: { id: string; status: string } } };
    expect(verified.type).toBe("session.created");
    expect(verified.id).toBe(created.event_id);
    expect(verified.data.session.id).toBe(created.session_id);
    const [logged] = (await deliveriesOf(endpoint.id, "?status=delivered")).filter(
      (d) => d.id === created.id,
    );
    expect(logged).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
  });

  it("keeps a session's events in order: a later one waits while an earlier one is pending", async () => {
    const endpoint = await newEndpoint();
    const { deliveries } = await conversation(endpoint.id);
    const [message, created] = deliveries; // newest first
    const target = receiver(() => new Response("ok"));
    const queue = capturingQueue();
    const services = testServices({ transport: target.transport, webhookQueue: queue });
    await consume(services, [message?.id as string]);
    expect(target.received).toHaveLength(0);
    // The earlier one is due now: the later looks again shortly.
    expect(queue.sent).toEqual([{ body: { delivery: message?.id }, delaySeconds: 2 }]);
    // The earlier one failing once: the later waits until the earlier's next try.
    const failing = receiver(() => new Response("down", { status: 503 }));
    await consume(testServices({ transport: failing.transport, webhookQueue: queue }), [
      created?.id as string,
    ]);
    await consume(services, [message?.id as string]);
    const waited = queue.sent.at(-1)?.delaySeconds as number;
    expect(waited).toBeGreaterThanOrEqual((config.webhooks.retrySchedule[1] as number) - 1);
    expect(waited).toBeLessThanOrEqual((config.webhooks.retrySchedule[1] as number) + 2);
    expect(target.received).toHaveLength(0);
    // Once it is due, in one batch whatever the batch's order: the earlier first, then the later.
    const later = testServices({
      transport: target.transport,
      webhookQueue: queue,
      clock: () => new Date(Date.now() + 10_000),
    });
    const sentBefore = queue.sent.length;
    await consume(later, [message?.id as string, created?.id as string]);
    expect(queue.sent).toHaveLength(sentBefore);
    const types = target.received.map((r) => JSON.parse(r.body).type);
    expect(types).toEqual(["session.created", "message.created"]);
  });

  it("retries on the schedule, honours Retry-After, and after the last try goes to the dead-letter queue", async () => {
    const endpoint = await newEndpoint({ events: ["session.created"] });
    const { deliveries } = await conversation(endpoint.id, 1);
    const id = deliveries[0]?.id as string;
    const queue = capturingQueue();
    const dead = capturingQueue();
    const schedule = config.webhooks.retrySchedule;
    let now = Date.now();
    const services = (answer: () => Response) =>
      testServices({
        // Failing for days disables an endpoint (another test); here it is tried to the end.
        config: { ...config, webhooks: { ...config.webhooks, disableAfterHours: 720 } },
        transport: receiver(answer).transport,
        webhookQueue: queue,
        deadLetterQueue: dead,
        clock: () => new Date(now),
      });
    await consume(
      services(() => new Response("down", { status: 503 })),
      [id],
    );
    expect(queue.sent.at(-1)).toEqual({ body: { delivery: id }, delaySeconds: schedule[1] });
    // Early: not tried again before it is due.
    await consume(
      services(() => new Response("ok")),
      [id],
    );
    expect(queue.sent.at(-1)?.delaySeconds).toBeGreaterThan(0);
    now += (schedule[1] as number) * 1000;
    await consume(
      services(() => new Response("busy", { status: 429, headers: { "Retry-After": "900" } })),
      [id],
    );
    expect(queue.sent.at(-1)?.delaySeconds).toBe(Math.max(900, schedule[2] as number));
    for (let attempt = 3; attempt <= schedule.length; attempt++) {
      now += 43_200_000;
      await consume(
        services(() => new Response("down", { status: 500 })),
        [id],
      );
    }
    expect(dead.sent).toEqual([{ body: { delivery: id }, delaySeconds: undefined }]);
    const [failed] = (await deliveriesOf(endpoint.id)).filter((d) => d.id === id);
    expect(failed).toMatchObject({ status: "failed", attempts: schedule.length, last_status: 500 });
    // The dead-letter queue's own consumer keeps it failed and acknowledges it.
    const buried = await consume(
      services(() => new Response("ok")),
      [id],
      "support-chat-webhooks-dead",
    );
    expect(buried.explicitAcks).toEqual(["m0"]);
    // Replayed: pending from its first try, enqueued at once, delivered.
    const replayed = await postJson(
      `/webhooks/endpoints/${endpoint.id}/deliveries/${id}/replay`,
      {},
      { token: admin },
    );
    expect(replayed.status).toBe(202);
    await consume(
      services(() => new Response("ok")),
      [id],
    );
    const [delivered] = (await deliveriesOf(endpoint.id)).filter((d) => d.id === id);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("disables an endpoint that answers 410 Gone", async () => {
    const endpoint = await newEndpoint({ events: ["session.created"] });
    const { deliveries } = await conversation(endpoint.id, 1);
    const services = testServices({
      transport: receiver(() => new Response("gone", { status: 410 })).transport,
      webhookQueue: capturingQueue(),
    });
    await consume(services, [deliveries[0]?.id as string]);
    const read = await (
      await call(`/webhooks/endpoints/${endpoint.id}`, { token: admin })
    ).json<EndpointBody>();
    expect(read.enabled).toBe(false);
    expect(read.disabled_reason).toMatch(/410/);
    expect(
      (await postJson(`/webhooks/endpoints/${endpoint.id}/test`, {}, { token: admin })).status,
    ).toBe(409);
  });

  it("signs with both secrets while a rotation overlaps", async () => {
    const endpoint = await newEndpoint();
    const rotated = await (
      await postJson(`/webhooks/endpoints/${endpoint.id}/rotate-secret`, {}, { token: admin })
    ).json<{ secret: string }>();
    const test = await postJson(`/webhooks/endpoints/${endpoint.id}/test`, {}, { token: admin });
    expect(test.status).toBe(202);
    const delivery = await test.json<DeliveryBody>();
    expect(delivery.event_type).toBe("webhook.test");
    const target = receiver(() => new Response(null, { status: 204 }));
    await consume(testServices({ transport: target.transport, webhookQueue: capturingQueue() }), [
      delivery.id,
    ]);
    const [sent] = target.received;
    const headers = {
      "webhook-id": sent?.headers["webhook-id"] as string,
      "webhook-timestamp": sent?.headers["webhook-timestamp"] as string,
      "webhook-signature": sent?.headers["webhook-signature"] as string,
    };
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.secret]) {
      expect(() => new Webhook(secret).verify(sent?.body as string, headers)).not.toThrow();
    }
  });

  it("through the Worker's own queue handler, a network failure is retried, never lost", async () => {
    const endpoint = await newEndpoint({ events: ["session.created"] });
    const { deliveries } = await conversation(endpoint.id, 1);
    const id = deliveries[0]?.id as string;
    const batch = createMessageBatch<DeliveryMessage>("support-chat-webhooks", [
      { id: "real", timestamp: new Date(), attempts: 1, body: { delivery: id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue?.(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["real"]);
    const [tried] = (await deliveriesOf(endpoint.id)).filter((d) => d.id === id);
    expect(tried).toMatchObject({ status: "pending", attempts: 1, last_status: null });
  });
});

describe("the document", () => {
  it("describes every event an endpoint may receive, under `webhooks`", async () => {
    const doc = await (await call("/openapi.json")).json<{
      webhooks: Record<string, { post: { requestBody: unknown } }>;
    }>();
    const names = Object.keys(doc.webhooks).map((name) => name.replace(/^\//, ""));
    expect(names.sort()).toEqual([...EVENT_TYPES].sort());
    expect(
      JSON.stringify(doc.webhooks["/message.created"] ?? doc.webhooks["message.created"]),
    ).toContain("Event_message_created");
  });
});
