import type { z } from "@hono/zod-openapi";
import type { AttachmentRef, ChatSession, Message, MessageView, SessionPage } from "../chat";
import type { HandoffReason } from "../handoff";
import type {
  AGENT_ONLY_FIELDS,
  AttachmentSchema,
  ChatSessionSchema,
  MessageSchema,
  SessionFieldsSchema,
} from "./chat";

// Domain values to their transport shapes (src/core/wire/chat.ts). Every presenter of a session takes
// the caller's view: none has a default, so no answer can show a customer what only agents see.

export function presentAttachment(file: AttachmentRef) {
  return {
    id: file.id,
    name: file.name,
    content_type: file.contentType,
    size: file.size,
    preview: file.preview,
  } satisfies z.input<typeof AttachmentSchema>;
}

export function presentMessage(message: Message) {
  return {
    id: message.id,
    seq: message.seq,
    author_type: message.authorType,
    content: message.content,
    timestamp: message.timestamp,
    client_message_id: message.clientMessageId,
    author_name: message.authorName,
    visibility: message.visibility,
    ...presentSources(message.sources),
    ...(message.attachments && { attachments: message.attachments.map(presentAttachment) }),
  } satisfies z.input<typeof MessageSchema>;
}

/** A bot reply's articles: those it answered from (sources), or those it offers (suggestions). */
function presentSources(sources: Message["sources"]) {
  if (!sources) return {};
  const list = ({ id, title }: { id: string; title: string }) => ({ id, title });
  return sources.some((s) => s.suggested)
    ? { suggestions: sources.map(list) }
    : { sources: sources.map(list) };
}

/** The session's own fields; agents also see how urgent it is and whether (and why) it was escalated. */
export function presentSessionFields(session: ChatSession, view: MessageView) {
  const fields = {
    id: session.id,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    status: session.status,
    last_seq: session.lastSeq,
    customer: session.customerId ? { id: session.customerId, name: session.customerName } : null,
    // An agent's id is an identity provider's subject or an email: customers read the name only.
    assignee: session.assigneeId
      ? view === "all"
        ? { id: session.assigneeId, name: session.assigneeName }
        : { name: session.assigneeName }
      : null,
    queued_at: session.queuedAt,
    first_response_at: session.firstResponseAt,
    assigned_at: session.assignedAt,
    resolved_at: session.resolvedAt,
    outcome: session.outcome,
    team_id: session.teamId,
    locale: session.locale,
    rating: session.rating && {
      score: session.rating.score,
      comment: session.rating.comment,
      rated_at: session.rating.ratedAt,
    },
  } satisfies z.input<typeof SessionFieldsSchema>;
  if (view === "public") return fields;
  const forAgents = {
    priority: session.priority,
    escalated: session.escalated,
    escalation_reason: session.escalationReason,
    handoff_at: session.handoffAt,
    handoff_reason: session.handoffReason as HandoffReason | null,
    required_skill: session.requiredSkill,
    due_at: session.dueAt,
    due_kind: session.dueKind,
    sla_breached_at: session.slaBreachedAt,
    page_url: session.pageUrl,
  } satisfies Record<(typeof AGENT_ONLY_FIELDS)[number], unknown>;
  return { ...fields, ...forAgents } satisfies z.input<typeof SessionFieldsSchema>;
}

export function presentSession(
  { session, messages, hasOlderMessages, archived }: SessionPage,
  view: MessageView,
) {
  return {
    ...presentSessionFields(session, view),
    messages: messages.map(presentMessage),
    has_older_messages: hasOlderMessages,
    ...(archived && { archived: true }),
  } satisfies z.input<typeof ChatSessionSchema>;
}
