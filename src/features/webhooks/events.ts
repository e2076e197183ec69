import type { ChatSession, Message } from "../../core/chat";
import type { OwedRef } from "../../core/db/outbox-sql";
import type { QueueChange } from "../../core/lifecycle";
import { presentMessage, presentSessionFields } from "../../core/wire/present";
import { type EventType, sessionEventOf } from "./catalogue";

/** An event as recorded for delivery. */
export interface DeskEvent {
  id: string;
  type: EventType;
  sessionId: string | null;
  /** Events of one session are delivered in this order. */
  orderKey: string;
  /** Internal notes' messages go only to endpoints that include them. */
  internal: boolean;
  /** The body, as sent. */
  payload: string;
}

/**
 * The events of a write: one per message a person or the assistant wrote (not the service's own
 * "Alice joined"), then the session's change. Ids derive from what the write recorded, so that the
 * writer and the outbox's sweeper name the same events alike.
 */
export async function eventsOf(
  change: QueueChange,
  session: ChatSession,
  messages: Message[],
  entry: OwedRef | null,
  now: string,
): Promise<DeskEvent[]> {
  const events: DeskEvent[] = [];
  for (const message of messages) {
    if (message.authorType === "system") continue;
    const id = `evt_${message.id.replaceAll("-", "")}`;
    events.push({
      id,
      type: "message.created",
      sessionId: session.id,
      orderKey: orderKey(message.seq, message.timestamp, 0),
      internal: message.visibility === "internal",
      payload: body(id, "message.created", message.timestamp, {
        session_id: session.id,
        message: presentMessage(message),
      }),
    });
  }
  const type = sessionEventOf(change);
  if (type) {
    const at = entry?.createdAt ?? session.updatedAt;
    const id = `evt_${await digest(`${session.id}|${change}|${entry?.id ?? "-"}|${at}`)}`;
    const seq = messages.at(-1)?.seq ?? session.lastSeq;
    events.push({
      id,
      type,
      sessionId: session.id,
      orderKey: orderKey(seq, at, 1),
      internal: false,
      payload: body(id, type, at || now, { session: presentSessionFields(session, "all") }),
    });
  }
  return events;
}

/** The test event an admin sends to an endpoint. */
export function testEvent(endpointId: string, now: string, id: string): DeskEvent {
  return {
    id,
    type: "webhook.test",
    sessionId: null,
    orderKey: orderKey(0, now, 0),
    internal: false,
    payload: body(id, "webhook.test", now, { endpoint_id: endpointId }),
  };
}

/** By seq (the session's own order), then when, then messages before the change they made. */
const orderKey = (seq: number, at: string, rank: number) =>
  `${String(seq).padStart(10, "0")}|${at}|${rank}`;

const body = (id: string, type: EventType, timestamp: string, data: unknown) =>
  JSON.stringify({ id, type, timestamp, data });

async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(hash).slice(0, 16)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
