import type { ClientFrame, QueueFrame, ServerFrame, WireMessage } from "../features/live/protocol";

export type { ClientFrame, QueueFrame, ServerFrame, WireMessage };

/** The part of a WebSocket the client uses: the browser's, or any other that is already open. */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close" | "error", listener: () => void): void;
}

export interface LiveClientOptions {
  /** The live URL to open, resuming after `afterSeq` (add a fresh ticket or the token here). */
  url: (afterSeq: number) => string | Promise<string>;
  /** Opens a socket and resolves once it is open; by default the browser's WebSocket. */
  connect?: (url: string) => Promise<LiveSocket>;
  /** The last seq already seen (e.g. from a REST read); 0 reads the whole session. */
  afterSeq?: number;
  /** Each stored message, once, in seq order. */
  onMessage?: (message: WireMessage) => void;
  /** Every other frame (ready, typing, presence, error). */
  onFrame?: (frame: ServerFrame) => void;
  onStatus?: (status: "connecting" | "live" | "offline" | "closed") => void;
  /** Reconnect delays: exponential from initialMs up to maxMs, with jitter. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
  newId?: () => string;
}

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, "equal jitter". */
export function backoffDelay(
  attempt: number,
  { initialMs, maxMs }: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Follows a chat session live: connects, reconnects with backoff and jitter, resumes from the last
 * seq it saw (so nothing is missed), drops duplicates, and keeps messages sent while offline in an
 * outbox until the server has stored them (each carries a client_message_id, so a message sent
 * twice across a reconnect is stored once).
 */
export class LiveClient {
  private socket: LiveSocket | null = null;
  private lastSeq: number;
  private attempt = 0;
  private stopped = false;
  private live = false;
  private connecting = false;
  /** The network went while a socket was on its way (drop): it is let go as it opens. */
  private dropped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Messages not yet confirmed stored, by client_message_id, in the order they were sent. */
  private readonly outbox = new Map<string, ClientFrame & { type: "message" }>();
  /** Closes when the outbox is empty (closeWhenSent). */
  private closing = false;

  constructor(private readonly options: LiveClientOptions) {
    this.lastSeq = options.afterSeq ?? 0;
  }

  /** The highest seq delivered so far. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Messages waiting for the server to confirm them. */
  get pending(): number {
    return this.outbox.size;
  }

  start(): void {
    this.stopped = false;
    void this.open();
  }

  /**
   * Sends a message now, or as soon as the connection is back; answers its client_message_id. An
   * agent's internal note is a message with `visibility: "internal"`.
   */
  send(
    content: string,
    clientMessageId = (this.options.newId ?? (() => crypto.randomUUID()))(),
    visibility?: "public" | "internal",
  ): string {
    const frame = {
      type: "message" as const,
      content,
      client_message_id: clientMessageId,
      ...(visibility && { visibility }),
    };
    this.outbox.set(clientMessageId, frame);
    if (this.live) this.socket?.send(JSON.stringify(frame));
    return clientMessageId;
  }

  /**
   * Closes once nothing waits in the outbox (at once if nothing does): for a view that goes away
   * while what was written in it is still on its way, which must not be dropped with the socket.
   */
  closeWhenSent(): void {
    this.closing = true;
    if (this.outbox.size === 0) this.close();
  }

  /**
   * Reconnects now if the connection is down and waiting out its backoff: for when the network is
   * back (`online`) or a tab returns from the background, instead of waiting for the next attempt.
   */
  wake(): void {
    if (this.stopped || this.socket || this.connecting) return;
    clearTimeout(this.timer);
    this.attempt = 0;
    void this.open();
  }

  /**
   * The network is gone (the browser's `offline` event): drops the socket now instead of waiting
   * for it to time out, and reconnects with backoff (at once on `wake()`). What is sent meanwhile
   * waits in the outbox.
   */
  drop(): void {
    const { socket } = this;
    if (this.stopped) return;
    // A socket still on its way may open after the network went (its handshake was sent before):
    // it is let go as it opens.
    if (this.connecting) this.dropped = true;
    if (!socket) return;
    this.socket = null;
    this.live = false;
    socket.close(4000, "offline");
    this.scheduleReconnect();
  }

  typing(): void {
    if (this.live) this.socket?.send(JSON.stringify({ type: "typing" }));
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, "client closed");
    this.socket = null;
    this.live = false;
    this.options.onStatus?.("closed");
  }

  private async open(): Promise<void> {
    this.options.onStatus?.("connecting");
    let socket: LiveSocket;
    this.connecting = true;
    this.dropped = false;
    try {
      const connect = this.options.connect ?? openBrowserSocket;
      socket = await connect(await this.options.url(this.lastSeq));
    } catch {
      this.scheduleReconnect();
      return;
    } finally {
      this.connecting = false;
    }
    if (this.stopped) {
      socket.close(1000, "client closed");
      return;
    }
    if (this.dropped) {
      socket.close(4000, "offline");
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (event) => this.receive(event.data));
    const lost = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.live = false;
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.addEventListener("close", lost);
    socket.addEventListener("error", lost);
  }

  private receive(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (frame.type === "message") {
      const { message } = frame;
      if (message.client_message_id) this.outbox.delete(message.client_message_id);
      if (this.closing) {
        if (this.outbox.size === 0) this.close();
        return; // nobody follows the session any more
      }
      if (message.seq <= this.lastSeq) return; // a duplicate
      this.lastSeq = message.seq;
      this.options.onMessage?.(message);
      return;
    }
    if (frame.type === "ready") {
      this.live = true;
      this.attempt = 0;
      this.options.onStatus?.("live");
      for (const pending of this.outbox.values()) this.socket?.send(JSON.stringify(pending));
    }
    if (frame.type === "error" && frame.client_message_id && frame.status < 500) {
      this.outbox.delete(frame.client_message_id); // refused for good: retrying cannot help
      if (this.closing && this.outbox.size === 0) this.close();
    }
    if (this.closing) return;
    this.options.onFrame?.(frame);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.options.onStatus?.("offline");
    const delay = backoffDelay(
      this.attempt++,
      this.options.backoff ?? { initialMs: 500, maxMs: 30_000 },
      this.options.random,
    );
    this.timer = setTimeout(() => void this.open(), delay);
  }
}

function openBrowserSocket(url: string): Promise<LiveSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.addEventListener("open", () => resolve(ws as unknown as LiveSocket), { once: true });
    ws.addEventListener("error", () => reject(new Error("could not connect")), { once: true });
  });
}
