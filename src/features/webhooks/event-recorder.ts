import type { ChatSession, Message } from "../../core/chat";
import type { OwedRef } from "../../core/db/outbox-sql";
import type { QueueChange } from "../../core/lifecycle";
import type { EventSink } from "../../core/ports";
import type { Logger } from "../../platform/logger";
import { type DeskEvent, eventsOf } from "./events";
import type { WebhookRepository } from "./webhook-repository";

/** What the WEBHOOKS queue carries: a delivery to try (its row says the rest). */
export interface DeliveryMessage {
  delivery: string;
}

/** The queue's producer, as the recorder and the consumer use it. */
export interface DeliveryQueue {
  send(deliveries: string[], delaySeconds?: number): Promise<void>;
}

export function deliveryQueue(queue: Queue<DeliveryMessage>): DeliveryQueue {
  return {
    async send(deliveries, delaySeconds = 0) {
      for (let i = 0; i < deliveries.length; i += 100) {
        await queue.sendBatch(
          deliveries.slice(i, i + 100).map((delivery) => ({ body: { delivery } })),
          delaySeconds ? { delaySeconds } : undefined,
        );
      }
    },
  };
}

/**
 * A write's events, for the endpoints that want them: recorded in D1 in the batch that removes the
 * write's outbox entry (so each is recorded before the entry that stands for it is gone, and once
 * per endpoint however often the entry is redelivered), then handed to the WEBHOOKS queue. A failed
 * hand-over loses nothing: the recorded delivery is due, and the sweep enqueues it again.
 */
export class EventRecorder implements EventSink {
  constructor(
    private readonly deps: {
      repository: WebhookRepository;
      queue: DeliveryQueue;
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  async record(
    change: QueueChange,
    session: ChatSession,
    messages: Message[],
    entry: OwedRef | null,
  ): Promise<void> {
    const now = this.deps.clock().toISOString();
    const events = await eventsOf(change, session, messages, entry, now);
    await this.recordEvents(events, now, entry?.id ?? null);
  }

  /** Records events (for one endpoint only, or all that want them), then enqueues them. */
  async recordEvents(
    events: DeskEvent[],
    now: string,
    owedId: number | null,
    endpointId: string | null = null,
  ): Promise<string[]> {
    if (!events.length && owedId === null) return [];
    const wire = events.map((event) => ({ ...event, internal: event.internal ? 1 : 0 }));
    const deliveries = await this.deps.repository.record(
      JSON.stringify(wire),
      now,
      owedId,
      endpointId,
    );
    await this.enqueue(deliveries);
    return deliveries;
  }

  /** Hands deliveries to the queue; a failure is left to the sweep (they are recorded as due). */
  async enqueue(deliveries: string[], delaySeconds = 0): Promise<void> {
    if (!deliveries.length) return;
    try {
      await this.deps.queue.send(deliveries, delaySeconds);
    } catch (error) {
      this.deps.logger.warn("webhook deliveries not enqueued; the sweep will", {
        deliveries: deliveries.length,
        error: String(error),
      });
    }
  }
}
