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
}

export interface ChatSession {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  lastSeq: number;
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
  authorType: AuthorType;
  content: string;
  clientMessageId?: string;
}

/** Where to read from: after a seq (ascending, for catching up) or before one (history). */
export type MessageCursor = { afterSeq: number } | { beforeSeq: number };
