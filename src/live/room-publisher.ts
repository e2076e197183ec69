import type { Message } from "../domain/chat";
import { presentMessage } from "../schemas/present";
import type { LivePublisher } from "../services/ports";
import type { SessionRoom } from "./session-room";

/** The room of a session: one Durable Object per session, named by its id. */
export function roomOf(rooms: DurableObjectNamespace<SessionRoom>, sessionId: string) {
  return rooms.get(rooms.idFromName(sessionId));
}

/** Publishes stored messages to their session's room, over RPC. */
export function roomPublisher(rooms: DurableObjectNamespace<SessionRoom>): LivePublisher {
  return {
    publish: (sessionId: string, message: Message, awaitsReply?: boolean) =>
      roomOf(rooms, sessionId).publish(
        presentMessage(message),
        awaitsReply ? sessionId : undefined,
      ),
  };
}
