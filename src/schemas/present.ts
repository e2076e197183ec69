import type { Message, SessionPage } from "../domain/chat";

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
  };
}

export function presentSession({ session, messages, hasOlderMessages }: SessionPage) {
  return {
    id: session.id,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    status: session.status,
    last_seq: session.lastSeq,
    messages: messages.map(presentMessage),
    has_older_messages: hasOlderMessages,
  };
}
