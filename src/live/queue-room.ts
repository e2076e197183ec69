import { DurableObject } from "cloudflare:workers";
import type { ChatSession } from "../domain/chat";
import { presentSessionFields } from "../schemas/present";
import type { QueueChange, QueuePublisher } from "../services/chat-service";
import { answerClose, PING, PONG, sendFrame } from "./protocol";

/**
 * The agents' live queue: one Durable Object for the whole desk. Every session that enters,
 * changes in or leaves the queue is pushed to every connected console as
 * `{"type":"queue","change":...,"session":{...}}`, so consoles do not poll.
 * Hibernation-safe: it keeps nothing in memory.
 */
export class QueueRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** The upgrade, forwarded by the Worker after it checked that the caller is an agent. */
  override async fetch(): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ type: "ready" }));
    return new Response(null, { status: 101, webSocket: client });
  }

  async publish(change: QueueChange, session: ReturnType<typeof presentSessionFields>) {
    const frame = JSON.stringify({ type: "queue", change, session });
    // A console that missed a frame reloads the queue over REST when it reconnects.
    for (const ws of this.ctx.getWebSockets()) sendFrame(ws, frame);
  }

  override async webSocketMessage(): Promise<void> {
    // Consoles only listen (pings are answered by the runtime).
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    answerClose(ws, code);
  }
}

export function queueRoomOf(rooms: DurableObjectNamespace<QueueRoom>) {
  return rooms.get(rooms.idFromName("queue"));
}

export function queuePublisher(rooms: DurableObjectNamespace<QueueRoom>): QueuePublisher {
  return {
    publish: (change: QueueChange, session: ChatSession) =>
      queueRoomOf(rooms).publish(change, presentSessionFields(session)),
  };
}
