import type { ChatSession, Message } from "./chat";
import type { OwedRef } from "./db/outbox-sql";
import type { QueueChange } from "./lifecycle";

// What the notifier needs from the world outside: the live rooms and queues, and the outbox's watch,
// each behind a small interface; the implementations live in their features (live, outbox) and are
// wired in one place (src/composition.ts).

/** What a session's room is told with a message, besides the message. */
export interface PublishOptions {
  /** A customer's message in a bot-owned session, which the AI first responder is to answer. */
  awaitsReply?: boolean;
  /** When the session's next agent answer is due: the room's alarm checks on it then. */
  dueAt?: string | null;
}

/** Fans stored messages out to the session's live sockets, and keeps its service-level alarm (src/live). */
export interface LivePublisher {
  publish(sessionId: string, message: Message, options?: PublishOptions): Promise<void>;
  /** The session's next agent answer is due at `dueAt` (a change with no message to carry it). */
  watchDue(sessionId: string, dueAt: string): Promise<void>;
  /** The session is gone (erased): its sockets close, and its room forgets it. */
  end(sessionId: string): Promise<void>;
}

/** Tells the live queue of the session's team, and of the team it left (`leftTeamId`), if any. */
export interface QueuePublisher {
  publish(change: QueueChange, session: ChatSession, leftTeamId?: string | null): Promise<void>;
}

/** Keeps the outbox sweeper watching while writes happen (src/features/outbox/outbox-sweeper.ts). */
export interface OutboxWatch {
  arm(): Promise<void>;
}

/**
 * Records the events a write's fan-out is done with (for webhooks: src/features/webhooks), and
 * removes its outbox entry in the same D1 transaction, so that a write's events are recorded before
 * the entry that stands for them is gone.
 */
export interface EventSink {
  record(
    change: QueueChange,
    session: ChatSession,
    messages: Message[],
    entry: OwedRef | null,
  ): Promise<void>;
}
