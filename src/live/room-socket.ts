import type { Actor } from "../domain/access";
import { type ServerFrame, sendFrame } from "./protocol";

// A room's sockets: what each carries through hibernation, and how frames reach it.

/** Headers the Worker sets when it forwards a checked upgrade to a room (never from a client). */
export const ROOM_HEADERS = {
  sessionId: "X-Room-Session-Id",
  actor: "X-Room-Actor",
  afterSeq: "X-Room-After-Seq",
  ticket: "X-Room-Ticket",
} as const;

/** What each socket of a session's room carries (serializeAttachment); no in-memory socket map. */
export interface SocketState {
  sessionId: string;
  actor: Actor;
  /** The highest seq this socket has been sent: every message after it, in order, is still owed. */
  lastSeq: number;
  /** Frames received in the current rate window. */
  windowStart: number;
  frames: number;
}

export function load(ws: WebSocket): SocketState {
  return ws.deserializeAttachment() as SocketState;
}

export function save(ws: WebSocket, state: SocketState): void {
  ws.serializeAttachment(state);
}

export const serialize = (frame: ServerFrame) => JSON.stringify(frame);

export function send(ws: WebSocket, frame: ServerFrame): void {
  sendFrame(ws, serialize(frame));
}

/** A refusal, as the REST API would have answered it. */
export function sendError(
  ws: WebSocket,
  status: number,
  problemType: string,
  detail: string,
  clientMessageId?: string,
): void {
  send(ws, {
    type: "error",
    status,
    problem_type: problemType,
    detail,
    ...(clientMessageId && { client_message_id: clientMessageId }),
  });
}

/** Who a socket's caller is, as typing and presence frames show them. */
export function personOf(actor: Actor) {
  return {
    role: actor.kind === "user" ? actor.role : null,
    name: actor.kind === "user" ? (actor.name ?? null) : null,
  };
}

export function parseJson(data: string | ArrayBuffer): unknown {
  try {
    return JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
