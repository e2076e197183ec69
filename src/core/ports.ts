import type { Role } from "../platform/auth/roles";
import type { ChatSession, Message } from "./chat";
import type { QueueChange } from "./lifecycle";

// What the services need from the world outside them, each behind a small interface; the
// implementations live beside what they wrap (src/live, src/auth, src/http) and are wired in one
// place (src/composition.ts).

/** Issues a customer's token for one session; null where the service signs no tokens (open mode). */
export type CustomerTokenIssuer = (
  sessionId: string,
  customerId: string,
  now: Date,
) => Promise<{ token: string; expiresAt: Date } | null>;

/** What a live ticket says: who, for which channel (a session id, or the queue), for how long. */
export interface TicketClaims {
  subject: string;
  role: Role;
  name?: string;
  channel: string;
  ticketId: string;
  ttlSeconds: number;
  /** When the socket it opens must close: the asking token's expiry (seconds), if it has one. */
  socketExpiresAt?: number;
}

/** Signs a live ticket. */
export type TicketIssuer = (
  claims: TicketClaims,
  now: Date,
) => Promise<{ token: string; expiresAt: Date }>;

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

/**
 * Runs `task` after the answer to the request being served, if there is one (the Worker's
 * waitUntil, in order with the request's other such tasks); otherwise (a Durable Object, a test
 * app without an execution context) now.
 */
export type AfterAnswer = (task: () => Promise<void>) => Promise<void>;

/** What the AI first responder asks a model: the question, the conversation, what to answer from. */
export interface ModelRequest {
  question: string;
  /** The public conversation before the question, oldest first (never an internal note). */
  transcript: { role: "customer" | "assistant" | "agent"; content: string }[];
  /** The knowledge-base articles found for the question: the only things to answer from. */
  articles: { id: string; title: string; body: string; excerpt: string }[];
}

/**
 * A model that answers a customer (src/ai: Workers AI, an OpenAI-compatible endpoint, or the best
 * article itself). It answers with JSON text or a value; the responder checks it against
 * ModelAnswerSchema and treats anything else as a failure.
 */
export interface ChatModel {
  answer(request: ModelRequest, signal: AbortSignal): Promise<unknown>;
}

/** Tells the live queue of the session's team, and of the team it left (`leftTeamId`), if any. */
export interface QueuePublisher {
  publish(change: QueueChange, session: ChatSession, leftTeamId?: string | null): Promise<void>;
}

/** Keeps the outbox sweeper watching while writes happen (src/features/outbox/outbox-sweeper.ts). */
export interface OutboxWatch {
  arm(): Promise<void>;
}

/** Counts one more action for `key`; false once the key is past its limit for the period. */
export interface RateLimiter {
  allow(key: string): Promise<boolean>;
}
