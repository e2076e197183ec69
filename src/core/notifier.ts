import type { AfterAnswer } from "../platform/after-answer";
import type { LogFields, Logger } from "../platform/logger";
import { awaitsBotReply, type ChatSession, type Message } from "./chat";
import type { OwedRef } from "./db/outbox-sql";
import type { QueueChange } from "./lifecycle";
import type { EventSink, LivePublisher, OutboxWatch, QueuePublisher } from "./ports";

/** How often an isolate that writes reminds the outbox sweeper to keep watching. */
const WATCH_EVERY_MS = 30_000;

/** What a write owes, as its batch recorded it: its outbox entry, and the team a session left. */
export interface Owed {
  /** The outbox entry to remove once done (null: none was written, e.g. a retry). */
  entry: OwedRef | null;
  leftTeamId?: string | null;
  /**
   * The sweeper's redelivery: the events are recorded and the entry removed even if the fan-out
   * failed again (one retry, as for the writer's own try).
   */
  final?: boolean;
}

/**
 * Tells the world about a write that is done: the messages to their session's live sockets (with
 * when its next answer is due, for the room's service-level alarm, and whether the responder is to
 * answer), the change to the live queue of the session's team (and of the team it left). All of it
 * after the answer (a POST returns as soon as D1 has the message), and none of it can fail the
 * write. The write recorded what it owes in the outbox in its own transaction; the entry is removed
 * once all of it is done, so a process that dies first leaves the entry for the sweeper
 * (src/features/outbox/outbox-service.ts), which redelivers it.
 */
export class Notifier {
  private watchedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: {
      live: LivePublisher;
      queue: QueuePublisher;
      /** Records the write's events and removes its outbox entry. */
      events: EventSink;
      watch: OutboxWatch;
      logger: Logger;
      afterAnswer: AfterAnswer;
    },
  ) {}

  /** Stored messages (in seq order), and what they changed in their session. */
  stored(
    messages: Message | Message[],
    change: QueueChange,
    session: ChatSession,
    owed: Owed,
  ): Promise<void> {
    const all = Array.isArray(messages) ? messages : [messages];
    return this.deps.afterAnswer(async () => void (await this.deliver(all, change, session, owed)));
  }

  /** A change that stored no message (a session started, a rating). */
  announce(change: QueueChange, session: ChatSession, owed: Owed): Promise<void> {
    return this.deps.afterAnswer(async () => void (await this.deliver([], change, session, owed)));
  }

  /**
   * Fans out and, if all of it went out, records the write's events and removes the outbox entry;
   * answers whether it did.
   */
  async deliver(
    messages: Message[],
    change: QueueChange,
    session: ChatSession,
    { entry, leftTeamId = null, final = false }: Owed,
  ): Promise<boolean> {
    await this.keepWatched();
    const [live, queue] = await Promise.all([
      this.publishInOrder(messages, session),
      this.quietly(
        () => this.deps.queue.publish(change, session, leftTeamId),
        "queue fan-out failed",
        { session_id: session.id },
      ),
    ]);
    if ((!live || !queue) && !final) return false;
    const recorded = await this.quietly(
      () => this.deps.events.record(change, session, messages, entry),
      "events not recorded",
      { session_id: session.id },
    );
    return recorded && live && queue;
  }

  /** Each message to the room, in seq order; the last carries when the next answer is due. */
  private async publishInOrder(messages: Message[], session: ChatSession): Promise<boolean> {
    const { live } = this.deps;
    const fields = { session_id: session.id };
    const { dueAt } = session;
    if (!messages.length) {
      return dueAt
        ? this.quietly(() => live.watchDue(session.id, dueAt), "service-level watch failed", fields)
        : true;
    }
    for (const [index, message] of messages.entries()) {
      const published = await this.quietly(
        () =>
          live.publish(session.id, message, {
            awaitsReply: awaitsBotReply(message, session),
            dueAt: index === messages.length - 1 ? dueAt : null,
          }),
        "live fan-out failed",
        { ...fields, seq: message.seq },
      );
      if (!published) return false;
    }
    return true;
  }

  /** Reminds the sweeper that this isolate writes (at most every WATCH_EVERY_MS). */
  private async keepWatched(): Promise<void> {
    const now = Date.now();
    if (now - this.watchedAt < WATCH_EVERY_MS) return;
    this.watchedAt = now;
    await this.quietly(() => this.deps.watch.arm(), "outbox watch failed", {});
  }

  private async quietly(task: () => Promise<void>, message: string, fields: LogFields) {
    try {
      await task();
      return true;
    } catch (error) {
      this.deps.logger.warn(message, { ...fields, error: String(error) });
      return false;
    }
  }
}
