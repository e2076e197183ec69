import { awaitsBotReply, type ChatSession, type Message } from "../domain/chat";
import type { QueueChange } from "../domain/lifecycle";
import type { LogFields, Logger } from "../logger";
import type { LivePublisher, QueuePublisher } from "./ports";

/**
 * Tells the world about a write that is done: the message to its session's live sockets, the
 * change to the agents' live queue. Neither can fail the write (clients catch up by seq; consoles
 * reload the queue), and neither waits for the other.
 */
export class Notifier {
  constructor(
    private readonly live: LivePublisher,
    private readonly queue: QueuePublisher,
    private readonly logger: Logger,
  ) {}

  /** Stored messages (in seq order), and what they changed in their session. */
  async stored(
    messages: Message | Message[],
    change: QueueChange,
    session: ChatSession,
  ): Promise<void> {
    const all = Array.isArray(messages) ? messages : [messages];
    const publishInOrder = async () => {
      for (const message of all) {
        await this.publish(session.id, message, awaitsBotReply(message, session));
      }
    };
    await Promise.all([publishInOrder(), this.announce(change, session)]);
  }

  publish(sessionId: string, message: Message, awaitsReply = false): Promise<void> {
    const publish = () => this.live.publish(sessionId, message, awaitsReply);
    return this.quietly(publish, "live fan-out failed", {
      session_id: sessionId,
      seq: message.seq,
    });
  }

  announce(change: QueueChange, session: ChatSession): Promise<void> {
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
