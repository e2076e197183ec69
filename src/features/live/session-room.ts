import { DurableObject } from "cloudflare:workers";
import { viewOf } from "../../core/access";
import { newMessageOf } from "../../core/wire/chat";
import { presentMessage } from "../../core/wire/present";
import { armAlarm } from "../../platform/alarms";
import { DomainError } from "../../platform/errors";
import { type Services, servicesFor } from "../../services-for";
import { RoomEmail } from "../email";
import type { LabelRef } from "../labels";
import { RoomReplies } from "../responder";
import { RoomDue } from "../routing";
import { admitFrame } from "./frame-limits";
import { clientFrameSchema } from "./frames";
import { answerClose, CLOSE_CODES, PING, PONG, sendFrame, type WireMessage } from "./protocol";
import {
  broadcastDraft,
  broadcastLabels,
  broadcastPresence,
  broadcastTyping,
} from "./room-broadcast";
import {
  checkedUpgrade,
  clientMessageIdOf,
  load,
  parseJson,
  personOf,
  save,
  send,
  sendError,
  serialize,
  tooManySockets,
  wants,
  wantsOf,
} from "./room-socket";
import { closeExpiredSockets, watchExpiry } from "./socket-expiry";
import { ticketUsedResponse, useTicketOnce } from "./tickets";

const BACKLOG_PAGE = 200;

/**
 * One chat session's live room: fans out its stored messages to every socket, in seq order, each
 * once, never before D1 has it. D1 stays the system of record: a socket that falls behind (it just
 * connected, or messages were published out of order) is caught up from D1 by seq.
 */
export class SessionRoom extends DurableObject<Env> {
  /** The same services as the Worker's (one composition root): rules hold over sockets as over REST. */
  private readonly services: Services;
  /** Deliveries and catch-ups run one at a time, so no socket sees a gap or a duplicate. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly replies: RoomReplies;
  private readonly due: RoomDue;
  private readonly email: RoomEmail;
  /** The bot's reply being written now (never stored: a socket that joins meanwhile gets it). */
  private draft: { id: string; text: string } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesFor(env);
    const botThinking = () =>
      broadcastTyping(
        this.ctx,
        this.config.live.typingTtlSeconds,
        { role: "bot", name: this.config.ai.botName },
        "public",
      );
    this.replies = new RoomReplies(
      ctx,
      {
        responder: this.services.responder,
        logger: this.services.logger,
        timeoutMs: this.config.ai.timeoutMs,
      },
      {
        thinking: botThinking,
        draft: (id, text) => {
          this.draft = { id, text };
          broadcastDraft(this.ctx, id, text);
        },
        discard: (id) => {
          if (this.draft?.id === id) this.draft = null;
          broadcastDraft(this.ctx, id, null);
        },
      },
    );
    this.due = new RoomDue(ctx, this.services.serviceLevels);
    this.email = new RoomEmail(ctx, {
      notifier: this.services.emailNotifier,
      customerPresent: () =>
        ctx.getWebSockets().some((ws) => {
          const { actor } = load(ws);
          return actor.kind === "user" && actor.role === "customer";
        }),
    });
    // Keep-alive pings are answered by the runtime without waking a hibernated room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  private get config() {
    return this.services.config;
  }

  /** The upgrade, forwarded by the Worker after it checked the session, the caller and the ticket. */
  override async fetch(request: Request): Promise<Response> {
    const upgrade = checkedUpgrade(request);
    if (!upgrade?.sessionId) return new Response(null, { status: 400 });
    const { actor, sessionId, ticket, watching } = upgrade;
    const { maxSockets } = this.config.live;
    if (this.ctx.getWebSockets().length >= maxSockets) return tooManySockets(maxSockets);
    if (ticket && !useTicketOnce(this.ctx.storage.sql, ticket)) return ticketUsedResponse();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [actor.kind === "user" ? actor.role : "anonymous"]);
    save(server, {
      sessionId,
      actor,
      wants: wantsOf(actor, watching ?? false),
      lastSeq: upgrade.afterSeq ?? 0,
      windowStart: Date.now(),
      frames: 0,
    });
    await watchExpiry(this.ctx, actor);
    this.enqueue(async () => {
      await this.catchUp(server);
      send(server, { type: "ready", last_seq: load(server).lastSeq });
      if (this.draft && wants(server, "drafts")) send(server, { type: "draft", ...this.draft });
      if (wants(server, "presence")) broadcastPresence(this.ctx);
    });
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * A message stored in D1: called (over RPC) by whoever stored it, after the write. `replyFor`
   * (the session id) marks a customer's message the AI first responder is to answer; the answer
   * comes later, and this call does not wait for it. `due`: when the session's next agent answer
   * is due (the room's alarm checks on it then).
   */
  async publish(
    message: WireMessage,
    {
      sessionId,
      replyFor,
      due,
    }: { sessionId?: string; replyFor?: string; due?: { sessionId: string; at: string } } = {},
  ): Promise<void> {
    if (replyFor) await this.replies.schedule(replyFor);
    if (due) await this.due.watch(due.sessionId, due.at);
    const reply =
      message.visibility === "public" &&
      (message.author_type === "service_agent" || message.author_type === "bot");
    if (sessionId && reply) await this.email.replied(sessionId);
    await this.enqueue(() => this.deliver(message));
  }

  /** Someone put a label on the session or took one off: its labels now, to the consoles. */
  async labelsChanged(labels: LabelRef[]): Promise<void> {
    broadcastLabels(this.ctx, labels);
  }

  /** The session was erased: every socket closes, and the room keeps nothing of it. */
  async end(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      sendError(ws, 404, "/problems/not-found", "This chat no longer exists.");
      ws.close(CLOSE_CODES.gone, "The session no longer exists.");
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** The session's next agent answer is due at `dueAt`: the room's alarm checks on it then. */
  async watchDue(sessionId: string, dueAt: string): Promise<void> {
    await this.due.watch(sessionId, dueAt);
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    if (!admitFrame(ws, data, this.config.live)) return;
    const state = load(ws);

    const raw = parseJson(data);
    const parsed = clientFrameSchema(this.config).safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "frame"}: ${i.message}`);
      sendError(ws, 400, "/problems/validation-error", detail.join("; "), clientMessageIdOf(raw));
      return;
    }
    const frame = parsed.data;
    const { chat } = this.services;
    try {
      if (frame.type === "handoff") {
        await this.services.lifecycle.handoff(state.actor, state.sessionId, "customer_request");
        return;
      }
      if (frame.type === "typing") {
        const visibility = frame.visibility ?? "public";
        chat.checkTyping(state.actor, state.sessionId, visibility);
        broadcastTyping(
          this.ctx,
          this.config.live.typingTtlSeconds,
          personOf(state.actor),
          visibility,
          ws,
        );
        return;
      }
      await chat.addMessage(state.actor, state.sessionId, newMessageOf(frame));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const clientMessageId = frame.type === "message" ? frame.client_message_id : undefined;
      sendError(ws, error.status, error.type, error.message, clientMessageId);
    }
  }

  /**
   * The room's one alarm: close the sockets whose token expired (4401), answer a reply the room
   * still owes if it was restarted meanwhile (the responder answers only what has no reply yet),
   * and escalate the session if an agent's answer is overdue.
   */
  override async alarm(): Promise<void> {
    const nextExpiry = closeExpiredSockets(this.ctx);
    if (nextExpiry !== null) await armAlarm(this.ctx, nextExpiry);
    await this.replies.onAlarm();
    await this.due.onAlarm();
    await this.email.onAlarm();
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    answerClose(ws, code);
    broadcastPresence(this.ctx);
  }

  override async webSocketError(): Promise<void> {
    broadcastPresence(this.ctx);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error) =>
      this.services.logger.error("live room task failed", { error: String(error) }),
    );
    return run;
  }

  /**
   * Sends `message` to every socket that is owed exactly it (an internal note counts as sent to a
   * customer's socket, which never receives it); a socket further behind catches up from D1.
   */
  private async deliver(message: WireMessage): Promise<void> {
    if (this.draft?.id === message.id) this.draft = null;
    const frame = serialize({ type: "message", message });
    for (const ws of this.ctx.getWebSockets()) {
      const state = load(ws);
      if (message.seq <= state.lastSeq) continue;
      if (message.seq === state.lastSeq + 1) {
        if (message.visibility === "public" || viewOf(state.actor) === "all") {
          sendFrame(ws, frame);
        }
        save(ws, { ...state, lastSeq: message.seq });
      } else {
        await this.catchUp(ws);
      }
    }
    this.customerSaw();
  }

  /** What the customer's sockets were shown, which the email watch never sends again. */
  private customerSaw(): void {
    for (const ws of this.ctx.getWebSockets()) {
      const { actor, lastSeq } = load(ws);
      if (actor.kind === "user" && actor.role === "customer") this.email.seen(lastSeq);
    }
  }

  /** Sends a socket everything it may see in D1 after its lastSeq, page by page, in seq order. */
  private async catchUp(ws: WebSocket): Promise<void> {
    for (;;) {
      const state = load(ws);
      const page = await this.services.chat.listMessages(
        state.actor,
        state.sessionId,
        { afterSeq: state.lastSeq },
        BACKLOG_PAGE,
      );
      for (const message of page.messages) {
        send(ws, { type: "message", message: presentMessage(message) });
      }
      // Read in one transaction with the page: after the last page the socket is owed nothing up
      // to the session's last seq (for a customer, internal notes included).
      const through = page.hasMore ? (page.messages.at(-1)?.seq ?? 0) : page.lastSeq;
      save(ws, { ...load(ws), lastSeq: Math.max(state.lastSeq, through) });
      if (!page.hasMore) return this.customerSaw();
    }
  }
}
