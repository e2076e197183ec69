import { awaitsBotReply, type ChatSession, type Message } from "../domain/chat";
import type { QueueChange } from "../domain/lifecycle";
import type { LogFields, Logger } from "../logger";
import type { AfterAnswer, LivePublisher, QueuePublisher } from "./ports";

/**
 * Tells the world about a write that is done: the message to its session's live sockets (with when
 * its next answer is due, for the room's service-level alarm), the change to the live queue. All of
 * it after the answer (a POST returns as soon as D1 has the message), and none of it can fail the
 * write: clients catch up by seq, consoles reload the queue.
 */
export class Notifier {
  constructor(
    private readonly live: LivePublisher,
    private readonly queue: QueuePublisher,
    private readonly logger: Logger,
    private readonly afterAnswer: AfterAnswer,
  ) {}

  /** Stored messages (in seq order), and what they changed in their session. */
  stored(messages: Message | Message[], change: QueueChange, session: ChatSession): Promise<void> {
    const all = Array.isArray(messages) ? messages : [messages];
    return this.afterAnswer(async () => {
      const publishInOrder = async () => {
        for (const [index, message] of all.entries()) {
          const last = index === all.length - 1;
          await this.quietly(
            () =>
              this.live.publish(session.id, message, {
                awaitsReply: awaitsBotReply(message, session),
                dueAt: last ? session.dueAt : null,
              }),
            "live fan-out failed",
            { session_id: session.id, seq: message.seq },
          );
        }
      };
      await Promise.all([publishInOrder(), this.toQueue(change, session)]);
    });
  }

  /** A change that stored no message (a session started, a rating). */
  announce(change: QueueChange, session: ChatSession): Promise<void> {
    return this.afterAnswer(async () => {
      const { dueAt } = session;
      const watch = dueAt
        ? this.quietly(() => this.live.watchDue(session.id, dueAt), "service-level watch failed", {
            session_id: session.id,
          })
        : null;
      await Promise.all([watch, this.toQueue(change, session)]);
    });
  }

  private toQueue(change: QueueChange, session: ChatSession) {
    return this.quietly(() => this.queue.publish(change, session), "queue fan-out failed", {
      session_id: session.id,
    });
  }

  private async quietly(task: () => Promise<void>, message: string, fields: LogFields) {
    try {
      await task();
    } catch (error) {
      this.logger.warn(message, { ...fields, error: String(error) });
    }
  }
}
