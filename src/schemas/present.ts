import type { ChatSession, Message, SessionPage } from "../domain/chat";

// Domain values to their transport shapes (src/schemas/chat.ts).

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
  };
}

/** The session's own fields; `forAgents` adds what only agents see (the escalation reason). */
export function presentSessionFields(session: ChatSession, forAgents = true) {
  return {
    id: session.id,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    status: session.status,
    last_seq: session.lastSeq,
    priority: session.priority,
    escalated: session.escalated,
    escalation_reason: forAgents ? session.escalationReason : null,
    customer: session.customerId ? { id: session.customerId, name: session.customerName } : null,
    assignee: session.assigneeId ? { id: session.assigneeId, name: session.assigneeName } : null,
    queued_at: session.queuedAt,
    first_response_at: session.firstResponseAt,
    assigned_at: session.assignedAt,
    resolved_at: session.resolvedAt,
    outcome: session.outcome,
    rating: session.rating && {
      score: session.rating.score,
      comment: session.rating.comment,
      rated_at: session.rating.ratedAt,
    },
  };
}

export function presentSession(
  { session, messages, hasOlderMessages }: SessionPage,
  forAgents = true,
) {
  return {
    ...presentSessionFields(session, forAgents),
    messages: messages.map(presentMessage),
    has_older_messages: hasOlderMessages,
  };
}
