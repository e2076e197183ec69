import type { InferResponseType } from "hono/client";
import { LiveClient, type ServerFrame, type WireMessage } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { LinkCache } from "../shared/file-links";
import { FileOutbox, type OutgoingMessage } from "../shared/file-outbox";
import type { PendingFile } from "../shared/file-queue";
import { type LabelRef, readSessionLabels } from "./labels";
import { sessionLiveUrl } from "./live-url";
import { problemText, settle } from "./problem";

// One session as an agent works it, without any view: its fields, its transcript (internal notes
// included) followed live from the last seq seen (so a reconnect resumes without gap or double), who
// is here and typing, and the actions on it.

export type Session = InferResponseType<RestClient["sessions"][":session_id"]["$get"], 200>;

export interface ConversationState {
  session: Session | null;
  messages: WireMessage[];
  present: { role: string | null; name: string | null }[];
  typing: { role: string; name: string | null; until: number } | null;
  connection: "connecting" | "live" | "offline" | "closed";
  notice: string | null;
  /** The replies that reached the customer by email, as seq ranges. */
  emailed: { first: number; last: number }[];
  /** Files picked for the next message or note (in the composer). */
  files: PendingFile[];
  /** Messages and notes with files, not yet stored (their files uploading). */
  outgoing: OutgoingMessage[];
  /**
   * Replies and notes of text only, sent on the socket and not yet stored: shown as sending (the
   * line may be down), or with why the service refused one, its text kept to be copied.
   */
  sending: { id: string; content: string; internal: boolean; error: string | null }[];
  /** The session's labels, read and then pushed as any console changes them (null: not read yet). */
  labels: LabelRef[] | null;
}

/** How often an open conversation asks which replies were emailed (they go out minutes later). */
const EMAILED_EVERY_MS = 30_000;
/** How soon a conversation whose first read the network lost is read again. */
const RETRY_OPEN_MS = 3_000;

export type Action =
  | { kind: "take" }
  | { kind: "resolve" }
  | { kind: "escalate"; reason: string }
  | { kind: "transfer"; agentId: string; agentName?: string }
  | { kind: "transfer"; teamId: string };

export class Conversation {
  state: ConversationState = {
    session: null,
    messages: [],
    present: [],
    typing: null,
    connection: "connecting",
    notice: null,
    emailed: [],
    files: [],
    outgoing: [],
    sending: [],
    labels: null,
  };
  /** Files picked to send, and the messages that carry them until they are stored. */
  readonly files: FileOutbox;
  /** Links to the files of the transcript. */
  readonly links: LinkCache;
  private emailedTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private opening = false;
  private closed = false;
  /** The last read of the session never reached the service (no answer at all). */
  private unreachable = false;
  private live: LiveClient | null = null;
  private listener: (state: ConversationState) => void = () => {};
  private readSeq = 0;
  /** How many label frames came: a read started before the last of them is older than it. */
  private labelPushes = 0;

  constructor(
    private readonly api: RestClient,
    readonly id: string,
    token: string,
  ) {
    this.links = new LinkCache(api);
    this.files = new FileOutbox({
      api,
      target: () => ({ base: location.origin, sessionId: id, token }),
      onChange: () =>
        this.update({ files: this.files.queue.composing, outgoing: this.files.messages }),
      onStored: (message) => this.received(message),
    });
  }

  subscribe(listener: (state: ConversationState) => void): void {
    this.listener = listener;
  }

  /**
   * Reads the session and follows it live. A read the network lost (opened offline) is tried again
   * every few seconds and when the line is back, instead of "Loading…" for good.
   */
  async open(): Promise<void> {
    if (this.opening || this.live || this.closed) return;
    this.opening = true;
    clearTimeout(this.retryTimer);
    void this.readLabels();
    const session = await this.load();
    this.opening = false;
    if (this.closed) return;
    if (!session) {
      if (this.unreachable) this.retryTimer = setTimeout(() => void this.open(), RETRY_OPEN_MS);
      return;
    }
    this.update({ messages: session.messages });
    const live = new LiveClient({
      afterSeq: session.last_seq,
      url: (after) => sessionLiveUrl(this.api, this.id, after),
      onMessage: (message) => this.received(message),
      onFrame: (frame) => this.frame(frame),
      onStatus: (connection) => this.update({ connection }),
    });
    this.live = live;
    live.start();
    void this.loadEmailed();
    this.emailedTimer = setInterval(() => void this.loadEmailed(), EMAILED_EVERY_MS);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.files.close();
    this.listener = () => {};
    // What was written and not yet stored still goes (the agent opened another conversation while
    // the line was down, or its files were uploading): the socket closes once the service has it.
    this.live?.closeWhenSent();
    this.live = null;
    clearInterval(this.emailedTimer);
  }

  /** Whether a message reached the customer by email. */
  emailed(message: WireMessage): boolean {
    return this.state.emailed.some((e) => message.seq >= e.first && message.seq <= e.last);
  }

  wake(): void {
    if (!this.live) void this.open();
    this.live?.wake();
    this.files.deliver();
  }

  drop(): void {
    this.live?.drop();
  }

  /**
   * A message to the customer: text through the live client (kept and resent if the line drops);
   * with files, by REST once they are uploaded (FileOutbox).
   */
  send(content: string): void {
    if (this.files.hasFiles) this.files.send(content);
    else this.sendText(content, false);
  }

  /**
   * An internal note: for agents only, never shown to the customer. Sent like a reply (kept and
   * resent if the line drops), so a note written offline is not lost.
   */
  note(content: string): void {
    if (this.files.hasFiles) this.files.send(content, true);
    else this.sendText(content, true);
  }

  private sendText(content: string, internal: boolean): void {
    const { live } = this;
    if (!live) return;
    const sending = this.state.sending.filter((m) => !m.error);
    const id = live.send(content, undefined, internal ? "internal" : undefined);
    this.update({ sending: [...sending, { id, content, internal, error: null }] });
  }

  typing(): void {
    this.live?.typing();
  }

  async act(action: Action): Promise<boolean> {
    const param = { session_id: this.id };
    const routes = this.api.sessions[":session_id"];
    const done = await settle(
      action.kind === "take"
        ? routes.take.$post({ param })
        : action.kind === "resolve"
          ? routes.resolve.$post({ param, json: { outcome: "resolved" } })
          : action.kind === "escalate"
            ? routes.escalate.$post({ param, json: { reason: action.reason } })
            : routes.transfer.$post({
                param,
                json:
                  "teamId" in action
                    ? { team_id: action.teamId }
                    : { agent_id: action.agentId, agent_name: action.agentName },
              }),
      200,
    );
    if ("problem" in done) {
      this.update({ notice: done.problem });
      return false;
    }
    await this.load();
    return true;
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  /**
   * What a queue said changed in this session. A change that comes with a message (a claim, a
   * transfer) is read again when its system line arrives; a rating, a missed service level or the
   * customer named by an agent come with none, so it is read again here.
   */
  changed(change: string): void {
    if (this.live && ["rated", "sla_breached", "renamed"].includes(change)) void this.load();
  }

  /** Reads the session again (its customer was named in the contact panel). */
  reread(): void {
    void this.load();
  }

  private async load(): Promise<Session | null> {
    const response = await this.api.sessions[":session_id"]
      .$get({ param: { session_id: this.id }, query: { limit: "200" } })
      .catch(() => null);
    this.unreachable = response === null;
    if (response?.status !== 200) {
      if (response) this.update({ notice: await problemText(response) });
      return null;
    }
    const session = await response.json();
    this.update({ session });
    return session;
  }

  private async loadEmailed(): Promise<void> {
    const response = await this.api.sessions[":session_id"].emails
      .$get({ param: { session_id: this.id } })
      .catch(() => null);
    if (response?.status !== 200) return;
    const { emails } = await response.json();
    this.update({ emailed: emails.map((e) => ({ first: e.first_seq, last: e.last_seq })) });
  }

  private received(message: WireMessage): void {
    const { messages, typing, sending } = this.state;
    this.files.stored(message.client_message_id);
    if (sending.some((m) => m.id === message.client_message_id)) {
      this.update({ sending: sending.filter((m) => m.id !== message.client_message_id) });
    }
    if (messages.some((m) => m.seq === message.seq)) return;
    this.update({
      messages: [...messages, message].sort((a, b) => a.seq - b.seq),
      typing: typing && typing.role === message.author_type ? null : typing,
    });
    if (message.author_type === "system") void this.load();
    void this.markRead(message.seq);
  }

  private frame(frame: ServerFrame): void {
    if (frame.type === "presence") this.update({ present: frame.connected });
    if (frame.type === "typing" && frame.role) {
      this.update({
        typing: { role: frame.role, name: frame.name, until: Date.parse(frame.expires_at) },
      });
    }
    if (frame.type === "labels") {
      this.labelPushes++;
      this.update({ labels: frame.labels });
    }
    if (frame.type === "ready") void this.readLabels();
    if (frame.type === "ready") this.files.deliver();
    if (frame.type === "ready") void this.markRead(this.state.messages.at(-1)?.seq ?? 0);
    if (frame.type === "error" && frame.status !== 401) {
      // A reply or note refused for good says why on itself, its text kept; anything else above.
      const { sending } = this.state;
      const refused = frame.status < 500 && sending.find((m) => m.id === frame.client_message_id);
      if (refused) {
        const error = frame.detail;
        this.update({ sending: sending.map((m) => (m === refused ? { ...m, error } : m)) });
      } else this.update({ notice: frame.detail });
    }
  }

  /**
   * The labels as they are now: on opening, and each time the socket is ready (a change made while
   * it connected or was down reached no one here; those after come as frames). A read that a frame
   * overtook is older than it, and dropped.
   */
  private async readLabels(): Promise<void> {
    const pushes = this.labelPushes;
    const labels = await readSessionLabels(this.api, this.id);
    if (labels && pushes === this.labelPushes) this.update({ labels });
  }

  /** Read up to `seq` (the queue's unread counts follow). */
  private async markRead(seq: number): Promise<void> {
    if (seq <= this.readSeq) return;
    this.readSeq = seq;
    await this.api.sessions[":session_id"].read
      .$post({ param: { session_id: this.id }, json: { last_read_seq: seq } })
      .catch(() => null);
  }

  private update(change: Partial<ConversationState>): void {
    this.state = { ...this.state, ...change };
    this.listener(this.state);
  }
}
