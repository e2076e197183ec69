import type { Message } from "../domain/chat";
import { countDoRequest } from "../http/meter";
import { presentMessage } from "../schemas/present";
import type { LivePublisher } from "../services/ports";
import type { SessionRoom } from "./session-room";

/** The room of a session: one Durable Object per session, named by its id. */
export function roomOf(rooms: DurableObjectNamespace<SessionRoom>, sessionId: string) {
  return rooms.get(rooms.idFromName(sessionId));
}

/** Publishes stored messages to their session's room, and its service-level due times, over RPC. */

export function roomPublisher(rooms: DurableObjectNamespace<SessionRoom>): LivePublisher {
  return {
    publish: (sessionId: string, message: Message, { awaitsReply, dueAt } = {}) => {
      countDoRequest();
      return roomOf(rooms, sessionId).publish(presentMessage(message), {
        replyFor: awaitsReply ? sessionId : undefined,
        due: dueAt ? { sessionId, at: dueAt } : undefined,
      });
    },
    watchDue: (sessionId: string, dueAt: string) => {
      countDoRequest();
      return roomOf(rooms, sessionId).watchDue(sessionId, dueAt);
    },
    end: (sessionId: string) => {
      countDoRequest();
      return roomOf(rooms, sessionId).end();
    },
  };
}
