import type { WebhookConfig } from "../../platform/config/webhooks";
import type { Logger } from "../../platform/logger";
import { startMeter } from "../../platform/meter";
import { inScope } from "../../platform/request-scope";
import type { DeliveryMessage, EventRecorder } from "./event-recorder";
import { signatureHeader } from "./signature";
import type { WebhookRepository } from "./webhook-repository";
import type { Delivery, Endpoint } from "./webhook-rows";

/** Sends a delivery's request; `fetch` in the Worker, a scripted receiver in tests. */
export type Transport = (request: Request) => Promise<Response>;

/** The least a later event of a session waits for an earlier one still pending before it looks again. */
const ORDER_WAIT_SECONDS = 2;
/** A pending delivery this far past due has lost its queue message: the sweep enqueues it again. */
const STALE_AFTER_MS = 5 * 60_000;
const SWEEP_BATCH = 200;
const MAX_DELAY_SECONDS = 43_200;

type Verdict = "ack" | { retryIn: number };

/**
 * Delivers what the WEBHOOKS queue hands over, per the Standard Webhooks specification: signed
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`), 2xx is delivered, 410 disables the
 * endpoint, anything else (and a timeout) is tried again on WEBHOOK_RETRY_SCHEDULE (a Retry-After
 * longer than the next delay is honoured), re-enqueued with a delay; after the last try the
 * delivery has failed and goes to the dead-letter queue. A session's events reach an endpoint in
 * order: one waits while an earlier one of the same session is pending; other sessions never wait.
 */
export class DeliveryService {
  constructor(
    private readonly deps: {
      repository: WebhookRepository;
      recorder: Pick<EventRecorder, "enqueue">;
      deadLetters: { send(message: DeliveryMessage): Promise<void> };
      transport: Transport;
      settings: { webhooks: WebhookConfig };
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  /**
   * One batch from the queue: each message is acknowledged once handled (or re-enqueued). Its cost
   * is logged as a request's is (D1 round trips and rows), for the bench.
   */
  consume(batch: MessageBatch<DeliveryMessage>): Promise<void> {
    return inScope(async () => {
      const meter = startMeter();
      await this.consumeAll(batch);
      this.deps.logger.info("webhook batch", {
        messages: batch.messages.length,
        d1_round_trips: meter.d1RoundTrips,
        d1_rows_read: meter.d1RowsRead,
        d1_rows_written: meter.d1RowsWritten,
      });
    });
  }

  /**
   * The batch's deliveries read at once; a session's (for one endpoint) handled one after another in
   * their order, so that the later ones of a burst go as soon as the earlier ones have; sessions
   * side by side.
   */
  private async consumeAll(batch: MessageBatch<DeliveryMessage>): Promise<void> {
    const ids = batch.messages.map((message) => message.body.delivery);
    const found = new Map((await this.deps.repository.deliveries(ids)).map((d) => [d.id, d]));
    const groups = new Map<string, { message: Message<DeliveryMessage>; delivery?: Delivery }[]>();
    for (const message of batch.messages) {
      const delivery = found.get(message.body.delivery);
      const key = delivery
        ? `${delivery.endpointId}|${delivery.sessionId ?? delivery.id}`
        : message.id;
      groups.set(key, [...(groups.get(key) ?? []), { message, delivery }]);
    }
    await Promise.all(
      [...groups.values()].map(async (group) => {
        group.sort((a, b) =>
          (a.delivery?.orderKey ?? "").localeCompare(b.delivery?.orderKey ?? ""),
        );
        for (const { message, delivery } of group) await this.settle(message, delivery);
      }),
    );
  }

  /** Handles one message: acknowledged once handled, re-enqueued with a delay to try later. */
  private async settle(message: Message<DeliveryMessage>, delivery: Delivery | undefined) {
    try {
      const verdict = delivery ? await this.handle(delivery) : "ack";
      if (verdict !== "ack") {
        await this.deps.recorder.enqueue([message.body.delivery], verdict.retryIn);
      }
      message.ack();
    } catch (error) {
      // D1 did not answer: the queue tries the message again (its own retries, then the DLQ).
      this.deps.logger.warn("webhook delivery not handled", { error: String(error) });
      message.retry({ delaySeconds: 30 });
    }
  }

  /**
   * The dead-letter queue's consumer: says so in the log (an alert's hook). The delivery's row says
   * failed already (its last try set it); one that came here because its consumer kept failing
   * (D1 down) is still pending, and the sweep tries it again. Nothing here may undo a replay made
   * meanwhile.
   */
  async bury(batch: MessageBatch<DeliveryMessage>): Promise<void> {
    for (const message of batch.messages) {
      this.deps.logger.warn("webhook delivery in the dead-letter queue", {
        delivery: message.body.delivery,
      });
      message.ack();
    }
  }

  /** Enqueues again what is pending and long past due (its queue message was lost). */
  async sweep(): Promise<number> {
    const before = new Date(this.deps.clock().getTime() - STALE_AFTER_MS).toISOString();
    const stale = await this.deps.repository.stale(before, SWEEP_BATCH);
    await this.deps.recorder.enqueue(stale.map((delivery) => delivery.id));
    return stale.length;
  }

  private async handle(delivery: Delivery): Promise<Verdict> {
    const { repository, clock } = this.deps;
    if (delivery.status !== "pending") return "ack";
    const now = clock();
    const due = new Date(delivery.nextAttemptAt).getTime() - now.getTime();
    if (due > 1000) return { retryIn: Math.min(Math.ceil(due / 1000), MAX_DELAY_SECONDS) };
    const endpoint = await repository.endpoint(delivery.endpointId);
    if (!endpoint?.enabled) {
      await repository.markFailed(delivery.id);
      return "ack";
    }
    if (delivery.sessionId) {
      // An earlier event of the session is pending: look again once it is due (at least shortly).
      const earlier = await repository.earlierPending(delivery);
      if (earlier !== null) {
        const wait = Math.ceil((new Date(earlier).getTime() - now.getTime()) / 1000) + 1;
        return { retryIn: Math.min(Math.max(wait, ORDER_WAIT_SECONDS), MAX_DELAY_SECONDS) };
      }
    }
    return this.attempt(delivery, endpoint, now);
  }

  private async attempt(delivery: Delivery, endpoint: Endpoint, now: Date): Promise<Verdict> {
    const { repository, settings, logger } = this.deps;
    const { retrySchedule, timeoutSeconds } = settings.webhooks;
    const started = Date.now();
    const result = await this.send(delivery, endpoint, now, timeoutSeconds);
    const latencyMs = Date.now() - started;
    const at = now.toISOString();
    const base = { lastStatus: result.status, lastError: result.error, latencyMs };
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await repository.attempted(delivery, { ...base, status: "delivered", nextAttemptAt: at }, at);
      if (endpoint.failingSince) await repository.endpointHealthy(endpoint.id);
      return "ack";
    }
    const tries = delivery.attempts + 1;
    const gone = result.status === 410;
    const last = gone || tries >= retrySchedule.length;
    const delay = last
      ? 0
      : Math.min(Math.max(retrySchedule[tries] ?? 0, result.retryAfter ?? 0), MAX_DELAY_SECONDS);
    const next = new Date(now.getTime() + delay * 1000).toISOString();
    const applied = await repository.attempted(
      delivery,
      { ...base, status: last ? "failed" : "pending", nextAttemptAt: next },
      at,
    );
    if (!applied) return "ack"; // another copy of the message moved it on meanwhile
    if (gone) {
      await this.disable(endpoint, "The endpoint answered 410 Gone.", at);
    } else {
      await this.noteFailing(endpoint, now);
    }
    if (!last) return { retryIn: delay };
    await this.deps.deadLetters.send({ delivery: delivery.id });
    logger.info("webhook delivery out of tries", { delivery: delivery.id, tries });
    return "ack";
  }

  private async send(
    delivery: Delivery,
    endpoint: Endpoint,
    now: Date,
    timeoutSeconds: number,
  ): Promise<{ status: number | null; error: string | null; retryAfter: number | null }> {
    const timestamp = Math.floor(now.getTime() / 1000);
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && (endpoint.previousSecretUntil ?? "") > now.toISOString()) {
      secrets.push(endpoint.previousSecret);
    }
    const request = new Request(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "support-chat-webhooks/1",
        "webhook-id": delivery.eventId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": await signatureHeader(
          secrets,
          delivery.eventId,
          timestamp,
          delivery.payload,
        ),
      },
      body: delivery.payload,
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      redirect: "manual",
    });
    try {
      const response = await this.deps.transport(request);
      await response.body?.cancel().catch(() => {});
      const retryAfter = Number(response.headers.get("Retry-After"));
      return {
        status: response.status,
        error: null,
        retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return {
        status: null,
        error: timedOut ? `no answer within ${timeoutSeconds} s` : String(error).slice(0, 500),
        retryAfter: null,
      };
    }
  }

  /** An endpoint failing for longer than WEBHOOK_DISABLE_AFTER_HOURS is disabled. */
  private async noteFailing(endpoint: Endpoint, now: Date): Promise<void> {
    const { repository, settings } = this.deps;
    const current = await repository.endpointFailing(endpoint.id, now.toISOString());
    if (!current?.failingSince) return;
    const failingMs = now.getTime() - new Date(current.failingSince).getTime();
    if (failingMs > settings.webhooks.disableAfterHours * 3_600_000) {
      await this.disable(
        endpoint,
        `Every delivery failed for ${settings.webhooks.disableAfterHours} hours.`,
        now.toISOString(),
      );
    }
  }

  private async disable(endpoint: Endpoint, reason: string, now: string): Promise<void> {
    if (await this.deps.repository.disableEndpoint(endpoint.id, reason, now)) {
      // The admins' signal: the log (an alert on it), and the endpoint's state in the console.
      this.deps.logger.warn("webhook endpoint disabled", { endpoint: endpoint.id, reason });
    }
  }
}
