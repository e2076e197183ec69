import type { WireMessage } from "../../src/client/live";
import type { OutgoingMessage } from "../shared/file-outbox";
import type { PendingFile } from "../shared/file-queue";

// What the widget shows of a chat, as the Chat keeps it (chat.ts) and the view renders it.

export interface Person {
  role: string | null;
  name: string | null;
}

/** One of a signed-in customer's conversations, as the widget lists them. */
export interface Conversation {
  sessionId: string;
  status: string;
  updatedAt: string | null;
  lastMessage: string | null;
}

/** A form the widget shows before the first message, with what the service refused in it. */
export interface ContactFormState {
  /** "prechat": the team asks who is writing; "offline": the team is away, we reply by email. */
  kind: "prechat" | "offline";
  /** By field ("name", "email", "question"): what is wrong, in words. */
  errors: Record<string, string>;
  sending: boolean;
}

export interface ChatState {
  /** Null until the customer's first message starts a session. */
  sessionId: string | null;
  status: "bot" | "open" | "assigned" | "resolved" | null;
  rated: boolean;
  /** Stored messages, in seq order. */
  messages: WireMessage[];
  /** Typed, not yet confirmed stored (shown as pending); `error`: refused, why in words. */
  pending: { id: string; content: string; error?: string }[];
  /** Files picked for the next message (in the composer). */
  files: PendingFile[];
  /** Messages with files, not yet stored (their files uploading). */
  outgoing: OutgoingMessage[];
  connection: "idle" | "connecting" | "live" | "offline";
  /** Others connected now (presence frames). */
  present: Person[];
  typing: (Person & { until: number }) | null;
  /** The bot's reply as it is being written (never stored): the message with its id replaces it. */
  draft: { id: string; text: string } | null;
  /** A problem to show, in words. */
  notice: string | null;
  /** The service refused to start a chat: what is pending is not sent (until the next message). */
  refused: boolean;
  /** The site said who its signed-in user is, and the service verified it. */
  signedIn: boolean;
  /** The signed-in customer's conversations, newest first (none when anonymous). */
  conversations: Conversation[];
  /** The form shown instead of the empty conversation (null: none). */
  form: ContactFormState | null;
  /** The offline form was sent: where the replies are also emailed. */
  emailedTo: string | null;
}

export const initialState = (): ChatState => ({
  sessionId: null,
  status: null,
  rated: false,
  messages: [],
  pending: [],
  files: [],
  outgoing: [],
  connection: "idle",
  present: [],
  typing: null,
  draft: null,
  notice: null,
  refused: false,
  signedIn: false,
  conversations: [],
  form: null,
  emailedTo: null,
});
