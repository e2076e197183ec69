import {
  BOT_STATUSES,
  type DueKind,
  type Outcome,
  type Priority,
  type SessionStatus,
} from "./lifecycle";

/** Who may write a message: the customer or an agent. */
export const AUTHOR_TYPES = ["customer", "service_agent"] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];
/**
 * Stored messages may also come from the service itself (transitions: "Alice joined") and from the
 * AI first responder.
 */
export const MESSAGE_AUTHORS = [...AUTHOR_TYPES, "system", "bot"] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** A knowledge-base article a bot reply was answered from. */
export interface Source {
  /** Offered to the customer ("Did one of these help?"), not answered from. */
  suggested?: boolean;
  id: string;
  title: string;
}

/** A file a message carries, as the message records it (the bytes are in R2: see src/features/files). */
export interface AttachmentRef {
  id: string;
  /** Sanitised, for display only. */
  name: string;
  /** Decided from the file's own bytes. */
  contentType: string;
  size: number;
  /** Whether a smaller image for the transcript exists. */
  preview: boolean;
}

export const VISIBILITIES = ["public", "internal"] as const;
/** Internal notes are for agents only: never shown or pushed to a customer. */
export type Visibility = (typeof VISIBILITIES)[number];

export interface Message {
  id: string;
  seq: number;
  authorType: MessageAuthor;
  content: string;
  timestamp: string;
  clientMessageId: string | null;
  /** The writer's token subject and display name; null for the greeting and in open mode. */
  authorId: string | null;
  authorName: string | null;
  visibility: Visibility;
  /** The bot's sources; null for every other message. */
  sources: Source[] | null;
  /** The files it carries; null: none. */
  attachments: AttachmentRef[] | null;
}

export interface ChatSession {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: SessionStatus;
  lastSeq: number;
  /** The token subject of the customer the session was started for (null where none was known). */
  customerId: string | null;
  customerName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  priority: Priority;
  escalated: boolean;
  escalationReason: string | null;
  /** When it last entered the queue: waiting time counts from here. */
  queuedAt: string | null;
  firstResponseAt: string | null;
  assignedAt: string | null;
  resolvedAt: string | null;
  outcome: Outcome | null;
  rating: { score: number; comment: string | null; ratedAt: string } | null;
  /** When and why the bot handed the session to a person; null if it never did. */
  handoffAt: string | null;
  handoffReason: string | null;
  /** The team it belongs to (null: none), and whether that was chosen (not a default). */
  teamId: string | null;
  teamChosen: boolean;
  /** A skill an agent needs to be offered it. */
  requiredSkill: string | null;
  /** The customer's language as the widget said at the start (de, pt-BR); null: not said. */
  locale: string | null;
  /** When the next agent answer is due by the team's service levels, and which; when one was missed. */
  dueAt: string | null;
  dueKind: DueKind | null;
  slaBreachedAt: string | null;
  /** The page the widget started on (origin and path; null: not said). */
  pageUrl: string | null;
}

/** A session with its most recent messages (oldest first) and whether older ones exist. */
export interface SessionPage {
  session: ChatSession;
  messages: Message[];
  hasOlderMessages: boolean;
  /** Read from the archive (R2): the session is read-only. */
  archived?: boolean;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
  /** The session's newest seq when the page was read (in the same transaction). */
  lastSeq: number;
}

export interface NewMessage {
  /** What the body claims; the token decides (see authorOf in access.ts). */
  authorType?: AuthorType;
  content: string;
  clientMessageId?: string;
  visibility?: Visibility;
  /** Files the writer uploaded into the session and has not sent yet, in the order to show them. */
  attachmentIds?: string[];
}

/** Where to read from: after a seq (ascending, for catching up) or before one (history). */
export type MessageCursor = { afterSeq: number } | { beforeSeq: number };

/** Which messages a reader may see: customers see public ones only. */
export type MessageView = "all" | "public";

/**
 * A session as it starts: owned by the bot, or waiting in the queue since `now`; holding one
 * message, the greeting, from a service agent.
 */
export function newSession(start: {
  id: string;
  status: "bot" | "open";
  now: string;
  customerId: string;
  customerName: string | null;
  greetingId: string;
  greeting: string;
  /** Routing: its team (and whether chosen), the skill it needs, when its first answer is due. */
  team?: { id: string; chosen: boolean } | null;
  requiredSkill?: string | null;
  locale?: string | null;
  due?: { at: string } | null;
  pageUrl?: string | null;
}): { session: ChatSession; greeting: Message } {
  const { id, now } = start;
  return {
    session: {
      id,
      createdAt: now,
      updatedAt: now,
      status: start.status,
      lastSeq: 1,
      customerId: start.customerId,
      customerName: start.customerName,
      assigneeId: null,
      assigneeName: null,
      priority: "normal",
      escalated: false,
      escalationReason: null,
      queuedAt: start.status === "open" ? now : null,
      firstResponseAt: null,
      assignedAt: null,
      resolvedAt: null,
      outcome: null,
      rating: null,
      handoffAt: null,
      handoffReason: null,
      teamId: start.team?.id ?? null,
      teamChosen: start.team?.chosen ?? false,
      requiredSkill: start.requiredSkill ?? null,
      locale: start.locale ?? null,
      dueAt: start.due?.at ?? null,
      dueKind: start.due ? "first_response" : null,
      slaBreachedAt: null,
      pageUrl: start.pageUrl ?? null,
    },
    greeting: {
      id: start.greetingId,
      seq: 1,
      authorType: "service_agent",
      content: start.greeting,
      timestamp: now,
      clientMessageId: null,
      authorId: null,
      authorName: null,
      visibility: "public",
      sources: null,
      attachments: null,
    },
  };
}

/** A customer's public message in a session the bot owns: the AI first responder answers it. */
export function awaitsBotReply(message: Message, session: ChatSession): boolean {
  return (
    message.authorType === "customer" &&
    message.visibility === "public" &&
    (BOT_STATUSES as readonly string[]).includes(session.status)
  );
}
