import type { Message, SessionPage } from "../../core/chat";

// What the chat service is given and answers, besides the core's chat types.

/** Issues a customer's token for one session; null where the service signs no tokens (open mode). */
export type CustomerTokenIssuer = (
  sessionId: string,
  customerId: string,
  name: string | null,
  now: Date,
) => Promise<{ token: string; expiresAt: Date } | null>;

/** What the widget may say when it starts a session: a team, the page it is on, a skill needed. */
export interface SessionRequest {
  teamId?: string;
  pageUrl?: string;
  skill?: string;
  /** The name the widget's form collected: the customer's name in this session. */
  customerName?: string;
  /** The customer's language (the widget's), which the responder answers and hands off in. */
  locale?: string;
}

export interface StartedSession {
  page: SessionPage;
  customerToken: { token: string; expiresAt: Date } | null;
}

export interface AddedMessage {
  page: SessionPage;
  message: Message;
  /** False when the message was a retry of one already stored (same client_message_id). */
  created: boolean;
}
