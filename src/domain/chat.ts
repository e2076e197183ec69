export const AUTHOR_TYPES = ["customer", "service_agent"] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export const SESSION_STATUSES = ["open"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Message {
  id: string;
  seq: number;
  authorType: AuthorType;
  content: string;
  timestamp: string;
  clientMessageId: string | null;
  /** The writer's token subject and display name; null for the greeting and in open mode. */
  authorId: string | null;
  authorName: string | null;
}

export interface ChatSession {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  lastSeq: number;
  /** The token subject of the customer the session was started for (null before auth existed). */
  customerId: string | null;
}

/** A session with its most recent messages (oldest first) and whether older ones exist. */
export interface SessionPage {
  session: ChatSession;
  messages: Message[];
  hasOlderMessages: boolean;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface NewMessage {
  /** What the body claims; the token decides (see authorOf in access.ts). */
  authorType?: AuthorType;
  content: string;
  clientMessageId?: string;
}

/** Where to read from: after a seq (ascending, for catching up) or before one (history). */
export type MessageCursor = { afterSeq: number } | { beforeSeq: number };
