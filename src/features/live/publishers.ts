import type { ChatSession, Message } from "../../core/chat";
import type { QueueChange } from "../../core/lifecycle";
import type { LivePublisher, QueuePublisher } from "../../core/ports";
import { presentMessage, presentSessionFields } from "../../core/wire/present";
import { countDoRequest } from "../../platform/meter";
import { queueRoomOf, roomOf } from "../../platform/stubs";
import { type LabelRef, presentLabelRef } from "../labels";
import { queueAudience } from "../routing";

// The notifier's ports, over the rooms' RPC: each call is one Durable Object request (metered).

/** Publishes stored messages to their session's room, and its service-level due times, over RPC. */
export function roomPublisher(rooms: Env["SESSION_ROOMS"]): LivePublisher {
  return {
    publish: (sessionId: string, message: Message, { awaitsReply, dueAt } = {}) => {
      countDoRequest();
      return roomOf(rooms, sessionId).publish(presentMessage(message), {
        sessionId,
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

/** Publishes a change to the live queue of the session's team (and of the team it left). */
export function queuePublisher(rooms: Env["QUEUE_ROOM"]): QueuePublisher {
  return {
    publish: async (change: QueueChange, session: ChatSession, leftTeamId?: string | null) => {
      const teamIds = queueAudience(change, session, leftTeamId);
      if (!teamIds.length) return;
      const fields = presentSessionFields(session, "all");
      await Promise.all(
        teamIds.map((teamId) => {
          countDoRequest();
          return queueRoomOf(rooms, teamId).publish(change, fields);
        }),
      );
    },
  };
}

/**
 * Tells the consoles that a session's labels changed: those showing it (its room, with the labels)
 * and those listing it (its team's live queue, which reads its lists again). Two Durable Object
 * requests a change, none on a message's way.
 */
export function labelPublisher(
  rooms: Env["SESSION_ROOMS"],
  queueRooms: Env["QUEUE_ROOM"],
  sessions: { findSessionOnly(sessionId: string): Promise<ChatSession | null> },
) {
  const queue = queuePublisher(queueRooms);
  return async (sessionId: string, labels: LabelRef[]): Promise<void> => {
    const session = await sessions.findSessionOnly(sessionId);
    if (!session) return;
    countDoRequest();
    await Promise.all([
      roomOf(rooms, sessionId).labelsChanged(labels),
      queue.publish("labeled", session),
    ]);
  };
}

/**
 * Tells the consoles listing or showing a customer's sessions that an agent named the customer:
 * one Durable Object request a session (a customer has a few), none on a message's way.
 */
export function renamePublisher(
  queueRooms: Env["QUEUE_ROOM"],
  sessions: { findSessionOnly(sessionId: string): Promise<ChatSession | null> },
) {
  const queue = queuePublisher(queueRooms);
  return async (sessionIds: string[]): Promise<void> => {
    await Promise.all(
      sessionIds.map(async (sessionId) => {
        const session = await sessions.findSessionOnly(sessionId);
        if (session) await queue.publish("renamed", session);
      }),
    );
  };
}

/**
 * Tells every console that a desk label was added, renamed, recoloured (`label`: it now) or removed
 * (null). Labels are desk-wide (every agent's picker offers each one), so every live queue hears it:
 * one Durable Object request a team and one for the sessions in no team, none on a message's way.
 */
export function labelDefinitionPublisher(
  queueRooms: Env["QUEUE_ROOM"],
  teams: { list(): Promise<{ id: string }[]> },
) {
  return async (id: string, label: LabelRef | null): Promise<void> => {
    const teamIds = [null, ...(await teams.list()).map((team) => team.id)];
    const shown = label && presentLabelRef(label);
    await Promise.all(
      teamIds.map((teamId) => {
        countDoRequest();
        return queueRoomOf(queueRooms, teamId).labelChanged(id, shown);
      }),
    );
  };
}
