import { columnNames, type Row, type Value } from "../../platform/db/statements";
import type {
  AttachmentRef,
  ChatSession,
  Message,
  MessageAuthor,
  SessionPage,
  Source,
  Visibility,
} from "../chat";
import type { DueKind, Outcome, Priority, SessionStatus } from "../lifecycle";
import { type ChatMessageRow, type ChatSessionRow, chatMessages, chatSessions } from "./schema";

const SESSION: Record<keyof ChatSessionRow, string> = columnNames(chatSessions);
const MESSAGE: Record<keyof ChatMessageRow, string> = columnNames(chatMessages);

export function toSession(row: Row): ChatSession {
  const get = <T>(field: keyof ChatSessionRow) => row[SESSION[field]] as T;
  const rating = get<number | null>("rating");
  return {
    id: get("id"),
    createdAt: get("createdAt"),
    updatedAt: get("updatedAt"),
    status: get<SessionStatus>("status"),
    lastSeq: get("lastSeq"),
    customerId: get("customerId"),
    customerName: get("customerName"),
    assigneeId: get("assigneeId"),
    assigneeName: get("assigneeName"),
    priority: get<Priority>("priority"),
    escalated: Boolean(get("escalated")),
    escalationReason: get("escalationReason"),
    queuedAt: get("queuedAt"),
    firstResponseAt: get("firstResponseAt"),
    assignedAt: get("assignedAt"),
    resolvedAt: get("resolvedAt"),
    outcome: get<Outcome | null>("outcome"),
    rating:
      rating === null
        ? null
        : { score: rating, comment: get("ratingComment"), ratedAt: get("ratedAt") },
    handoffAt: get("handoffAt"),
    handoffReason: get("handoffReason"),
    teamId: get("teamId"),
    teamChosen: Boolean(get("teamChosen")),
    requiredSkill: get("requiredSkill"),
    locale: get("locale"),
    dueAt: get("dueAt"),
    dueKind: get<DueKind | null>("dueKind"),
    slaBreachedAt: get("slaBreachedAt"),
    pageUrl: get("pageUrl"),
  };
}

export function toMessage(row: Row): Message {
  const get = <T>(field: keyof ChatMessageRow) => row[MESSAGE[field]] as T;
  return {
    id: get("id"),
    seq: get("seq"),
    authorType: get<MessageAuthor>("authorType"),
    content: get("content"),
    timestamp: get("timestamp"),
    clientMessageId: get("clientMessageId"),
    authorId: get("authorId"),
    authorName: get("authorName"),
    visibility: get<Visibility>("visibility"),
    sources: parseJson<Source[]>(get("sources")),
    attachments: parseJson<AttachmentRow[]>(get("attachments"))?.map(toAttachmentRef) ?? null,
  };
}

function parseJson<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

/** An attachment as the message's column records it (written by the append's SQL, snake_case). */
interface AttachmentRow {
  id: string;
  name: string;
  content_type: string;
  size: number;
  preview: boolean;
}

const toAttachmentRef = (row: AttachmentRow): AttachmentRef => ({
  id: row.id,
  name: row.name,
  contentType: row.content_type,
  size: row.size,
  preview: row.preview,
});

export function toSessionPage(
  row: Row | undefined,
  newestFirst: Row[],
  limit: number,
): SessionPage | null {
  if (!row) return null;
  return {
    session: toSession(row),
    messages: newestFirst.slice(0, limit).reverse().map(toMessage),
    hasOlderMessages: newestFirst.length > limit,
  };
}

/** The session's fields as the insert of a new session takes them. */
export function sessionValues(session: ChatSession) {
  return {
    id: session.id,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    status: session.status,
    lastSeq: session.lastSeq,
    customerId: session.customerId,
    customerName: session.customerName,
    priority: session.priority,
    queuedAt: session.queuedAt,
    startedWithBot: session.status === "bot" ? 1 : 0,
    teamId: session.teamId,
    teamChosen: session.teamChosen ? 1 : 0,
    requiredSkill: session.requiredSkill,
    locale: session.locale,
    dueAt: session.dueAt,
    dueKind: session.dueKind,
    pageUrl: session.pageUrl,
  };
}

/** A message's fields as the statements that store one take them. */
export function messageValues(
  message: Omit<Message, "seq" | "attachments">,
): Record<string, Value> {
  return {
    id: message.id,
    timestamp: message.timestamp,
    content: message.content,
    authorType: message.authorType,
    clientMessageId: message.clientMessageId,
    authorId: message.authorId,
    authorName: message.authorName,
    visibility: message.visibility,
  };
}
