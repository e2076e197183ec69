import { type Actor, viewOf } from "../../core/access";
import { problemResponse } from "../../platform/http/problem";
import { type ServerFrame, sendFrame } from "./protocol";
import type { TicketUse } from "./tickets";

// A room's sockets: what each carries through hibernation, and how frames reach it.

/** Headers the Worker sets when it forwards a checked upgrade to a room (never from a client). */
const ROOM_HEADERS = {
  sessionId: "X-Room-Session-Id",
  actor: "X-Room-Actor",
  afterSeq: "X-Room-After-Seq",
  ticket: "X-Room-Ticket",
  teamId: "X-Room-Team-Id",
  watching: "X-Room-Watching",
} as const;

/** An upgrade the Worker checked: who asked, for which session, from which seq, with which ticket. */
export interface CheckedUpgrade {
  actor: Actor;
  sessionId?: string;
  afterSeq?: number;
  ticket: TicketUse | null;
  /** A queue room's team (null: the sessions in no team). */
  teamId?: string | null;
  /** A console following a session it holds from its desk: told of messages, not shown as present. */
  watching?: boolean;
}

/** The request by which the Worker hands a checked upgrade to a room. */
export function forwardUpgrade(upgrade: CheckedUpgrade): Request {
  const headers = new Headers({ Upgrade: "websocket" });
  headers.set(ROOM_HEADERS.actor, JSON.stringify(upgrade.actor));
  if (upgrade.sessionId) headers.set(ROOM_HEADERS.sessionId, upgrade.sessionId);
  if (upgrade.afterSeq !== undefined) headers.set(ROOM_HEADERS.afterSeq, String(upgrade.afterSeq));
  if (upgrade.ticket) headers.set(ROOM_HEADERS.ticket, JSON.stringify(upgrade.ticket));
  if (upgrade.teamId !== undefined)
    headers.set(ROOM_HEADERS.teamId, JSON.stringify(upgrade.teamId));
  if (upgrade.watching) headers.set(ROOM_HEADERS.watching, "true");
  return new Request("https://room.internal/connect", { headers });
}

/** The checked upgrade a room was handed; null for a request that did not come from the Worker. */
export function checkedUpgrade(request: Request): CheckedUpgrade | null {
  const header = (name: string) => request.headers.get(name);
  const actor = JSON.parse(header(ROOM_HEADERS.actor) ?? "null") as Actor | null;
  if (!actor) return null;
  return {
    actor,
    sessionId: header(ROOM_HEADERS.sessionId) ?? undefined,
    afterSeq: Number(header(ROOM_HEADERS.afterSeq) ?? 0),
    ticket: JSON.parse(header(ROOM_HEADERS.ticket) ?? "null") as TicketUse | null,
    teamId: JSON.parse(header(ROOM_HEADERS.teamId) ?? "null") as string | null,
    watching: header(ROOM_HEADERS.watching) === "true",
  };
}

/**
 * What a socket is sent besides messages: `presence` (it is shown as present, and told who is),
 * `typing`, `drafts` (the bot's reply as it is written), `labels` (the session's labels as they
 * change).
 */
export type Want = "presence" | "typing" | "drafts" | "labels";

/**
 * Chosen when the room accepts the socket: a desk watching a session it holds counts unread
 * messages and wants nothing else; labels are desk data, never a customer's.
 */
export function wantsOf(actor: Actor, watching: boolean): Want[] {
  if (watching) return [];
  const everyone: Want[] = ["presence", "typing", "drafts"];
  return viewOf(actor) === "all" ? [...everyone, "labels"] : everyone;
}

/** What each socket of a session's room carries (serializeAttachment); no in-memory socket map. */
export interface SocketState {
  sessionId: string;
  actor: Actor;
  /** The frames it is sent besides messages (wantsOf). */
  wants: Want[];
  /** The highest seq this socket has been sent: every message after it, in order, is still owed. */
  lastSeq: number;
  /** Frames received in the current rate window. */
  windowStart: number;
  frames: number;
}

export function load(ws: WebSocket): SocketState {
  return ws.deserializeAttachment() as SocketState;
}

/** Whether the socket is sent `want`'s frames. */
export const wants = (ws: WebSocket, want: Want) => load(ws).wants.includes(want);

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
  maxBytes?: number,
): void {
  send(ws, {
    type: "error",
    status,
    problem_type: problemType,
    detail,
    ...(clientMessageId && { client_message_id: clientMessageId }),
    ...(maxBytes !== undefined && { max_bytes: maxBytes }),
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

/** The client_message_id of a message frame the room refused to read, so its sender knows which. */
export function clientMessageIdOf(frame: unknown): string | undefined {
  if (typeof frame !== "object" || frame === null || !("client_message_id" in frame)) return;
  const id = frame.client_message_id;
  return typeof id === "string" && id.length > 0 && id.length <= 128 ? id : undefined;
}

/** A room's answer to one socket too many. */
export function tooManySockets(max: number): Response {
  return problemResponse(
    {
      type: "/problems/too-many-sockets",
      title: "Too Many Requests",
      status: 429,
      detail: `This session already has ${max} live connections.`,
    },
    { "Retry-After": "30" },
  );
}
