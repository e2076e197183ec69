import { DurableObject } from "cloudflare:workers";
import { type Actor, can } from "../../core/access";
import type { QueueChange } from "../../core/lifecycle";
import type { presentSessionFields } from "../../core/wire/present";
import { armAlarm } from "../../platform/alarms";
import { presenceOf } from "../../platform/stubs";
import type { LabelRef } from "../labels";
import type { QueueFrame } from "./frames";
import { answerClose, COALESCE_MS, PING, PONG, sendFrame } from "./protocol";
import { checkedUpgrade } from "./room-socket";
import { closeExpiredSockets, watchExpiry } from "./socket-expiry";
import { ticketUsedResponse, useTicketOnce } from "./tickets";

type SessionFields = ReturnType<typeof presentSessionFields>;

/** What each console's socket carries through hibernation. */
interface Console {
  actor: Actor;
  /** Its id at the agent's presence object. */
  socket: string;
}

/** A session's messages being coalesced: the last seq announced, and the newest frame held back. */
interface Burst {
  sentSeq: number;
  held: { frame: string; seq: number } | null;
}

/**
 * A live queue: one Durable Object per team (and one for sessions in no team), so the load spreads
 * over as many objects as there are teams. Each session that enters, changes in or leaves the team's
 * queue is pushed to its consoles as `{"type":"queue","change":...,"session":{...}}`, a burst of
 * messages in one session as its first and its last frame (COALESCE_MS). A message in a session
 * someone holds never comes here: the holder's desk hears it from the session's room. Each console's opening and
 * closing is reported to its agent's presence object, which decides when they are offline.
 * Hibernation-safe: each socket's caller lives in its attachment; only bursts live in memory.
 */
export class QueueRoom extends DurableObject<Env> {
  private readonly bursts = new Map<string, Burst>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** The upgrade, forwarded by the Worker after it checked that the caller may follow this queue. */
  override async fetch(request: Request): Promise<Response> {
    const upgrade = checkedUpgrade(request);
    if (!upgrade) return new Response(null, { status: 400 });
    const { actor, ticket, teamId = null } = upgrade;
    if (ticket && !useTicketOnce(this.ctx.storage.sql, ticket)) return ticketUsedResponse();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const socket = crypto.randomUUID();
    server.serializeAttachment({ actor, socket } satisfies Console);
    await watchExpiry(this.ctx, actor);
    if (actor.kind === "user" && can(actor, "agent:availability")) {
      const expiresAt = actor.expiresAt === undefined ? null : actor.expiresAt * 1000;
      await presenceOf(this.env.AGENT_PRESENCE, actor.subject).opened(
        { id: actor.subject, name: actor.name ?? null },
        socket,
        expiresAt,
        teamId,
      );
    }
    server.send(JSON.stringify({ type: "ready" } satisfies QueueFrame));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A change in one of this queue's sessions. */
  async publish(change: QueueChange, session: SessionFields): Promise<void> {
    const frame = JSON.stringify({ type: "queue", change, session } satisfies QueueFrame);
    if (change !== "message") {
      // The change carries the session as it is now: anything held back is older.
      const burst = this.bursts.get(session.id);
      if (burst) burst.held = null;
      this.send(frame);
      return;
    }
    const burst = this.bursts.get(session.id);
    if (!burst) {
      this.send(frame);
      this.bursts.set(session.id, { sentSeq: session.last_seq, held: null });
      setTimeout(() => this.flush(session.id), COALESCE_MS);
    } else if (session.last_seq > Math.max(burst.sentSeq, burst.held?.seq ?? 0)) {
      burst.held = { frame, seq: session.last_seq };
    }
  }

  /** A desk label changed (null: removed): every console here shows labels. */
  async labelChanged(id: string, label: LabelRef | null): Promise<void> {
    this.send(JSON.stringify({ type: "label", id, label } satisfies QueueFrame));
  }

  /** Which of these consoles (their sockets' ids) this room still holds open: an agent's presence asks. */
  async openConsoles(sockets: string[]): Promise<string[]> {
    const open = new Set(
      this.ctx
        .getWebSockets()
        .filter((ws) => ws.readyState === WebSocket.OPEN)
        .map((ws) => consoleOf(ws).socket),
    );
    return sockets.filter((socket) => open.has(socket));
  }

  override async webSocketMessage(): Promise<void> {
    // Consoles only listen (pings are answered by the runtime).
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    answerClose(ws, code);
    await this.closed(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.closed(ws);
  }

  /** A token behind some console has expired: close it (4401). */
  override async alarm(): Promise<void> {
    const next = closeExpiredSockets(this.ctx);
    if (next !== null) await armAlarm(this.ctx, next);
  }

  /** The burst's window ended: its newest frame goes out, and a new window starts if there was one. */
  private flush(sessionId: string): void {
    const burst = this.bursts.get(sessionId);
    this.bursts.delete(sessionId);
    if (!burst?.held) return;
    this.send(burst.held.frame);
    this.bursts.set(sessionId, { sentSeq: burst.held.seq, held: null });
    setTimeout(() => this.flush(sessionId), COALESCE_MS);
  }

  /** To every console. A console that missed a frame reloads over REST. */
  private send(frame: string): void {
    for (const ws of this.ctx.getWebSockets()) sendFrame(ws, frame);
  }

  private async closed(ws: WebSocket): Promise<void> {
    const { actor, socket } = consoleOf(ws);
    if (actor.kind === "user" && can(actor, "agent:availability")) {
      await presenceOf(this.env.AGENT_PRESENCE, actor.subject).closed(socket);
    }
  }
}

function consoleOf(ws: WebSocket): Console & { actor: { subject?: string } } {
  return ws.deserializeAttachment() as Console & { actor: { subject?: string } };
}
