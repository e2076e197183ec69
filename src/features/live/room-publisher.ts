import type { Message } from "../../core/chat";
import type { LivePublisher } from "../../core/ports";
import { presentMessage } from "../../core/wire/present";
import { countDoRequest } from "../../platform/meter";
import { roomOf } from "../../platform/stubs";

/** Publishes stored messages to their session's room, and its service-level due times, over RPC. */

export function roomPublisher(rooms: Env["SESSION_ROOMS"]): LivePublisher {
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
