import { DurableObject } from "cloudflare:workers";
import type { ChatSession } from "../domain/chat";
import type { QueueChange } from "../domain/lifecycle";
import type { QueueFrame } from "../schemas/live";
import { presentSessionFields } from "../schemas/present";
import type { QueuePublisher } from "../services/ports";
import { answerClose, PING, PONG, sendFrame } from "./protocol";
import { checkedUpgrade } from "./room-socket";
import { armAlarm, closeExpiredSockets, watchExpiry } from "./socket-expiry";
import { ticketUsedResponse, useTicketOnce } from "./tickets";

/**
 * The agents' live queue: one Durable Object for the whole desk. Every session that enters,
 * changes in or leaves the queue is pushed to every connected console as
 * `{"type":"queue","change":...,"session":{...}}`, so consoles do not poll.
 * Hibernation-safe: each socket's caller lives in its attachment, nothing in memory.
 */
export class QueueRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** The upgrade, forwarded by the Worker after it checked that the caller is an agent. */
  override async fetch(request: Request): Promise<Response> {
    const upgrade = checkedUpgrade(request);
    if (!upgrade) return new Response(null, { status: 400 });
    const { actor, ticket } = upgrade;
    if (ticket && !useTicketOnce(this.ctx.storage.sql, ticket)) return ticketUsedResponse();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ actor });
    await watchExpiry(this.ctx, actor);
    server.send(JSON.stringify({ type: "ready" } satisfies QueueFrame));
    return new Response(null, { status: 101, webSocket: client });
  }

  async publish(change: QueueChange, session: ReturnType<typeof presentSessionFields>) {
    const frame = JSON.stringify({ type: "queue", change, session } satisfies QueueFrame);
    // A console that missed a frame reloads the queue over REST when it reconnects.
    for (const ws of this.ctx.getWebSockets()) sendFrame(ws, frame);
  }

  override async webSocketMessage(): Promise<void> {
    // Consoles only listen (pings are answered by the runtime).
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    answerClose(ws, code);
  }

  /** A token behind some console has expired: close it (4401). */
  override async alarm(): Promise<void> {
    const next = closeExpiredSockets(this.ctx);
    if (next !== null) await armAlarm(this.ctx, next);
  }
}

export function queueRoomOf(rooms: DurableObjectNamespace<QueueRoom>) {
  return rooms.get(rooms.idFromName("queue"));
}

export function queuePublisher(rooms: DurableObjectNamespace<QueueRoom>): QueuePublisher {
  return {
    publish: (change: QueueChange, session: ChatSession) =>
      queueRoomOf(rooms).publish(change, presentSessionFields(session, "all")),
  };
}
