import type { InferResponseType } from "hono/client";
import { LiveClient, type ServerFrame, type WireMessage } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { LinkCache } from "../shared/file-links";
import { FileOutbox, type OutgoingMessage } from "../shared/file-outbox";
import type { PendingFile } from "../shared/file-queue";
import { type LabelRef, readSessionLabels } from "./labels";
import { sessionLiveUrl } from "./live-url";
import { problemText } from "./problem";

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
  /** The session's labels, read and then pushed as any console changes them (null: not read yet). */
  labels: LabelRef[] | null;
}

/** How often an open conversation asks which replies were emailed (they go out minutes later). */
const EMAILED_EVERY_MS = 30_000;

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
    labels: null,
  };
  /** Files picked to send, and the messages that carry them until they are stored. */
  readonly files: FileOutbox;
  /** Links to the files of the transcript. */
  readonly links: LinkCache;
  private emailedTimer: ReturnType<typeof setInterval> | undefined;
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

  async open(): Promise<void> {
    void this.readLabels();
    const session = await this.load();
    if (!session) return;
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
    this.files.clear();
    this.live?.close();
    this.live = null;
    clearInterval(this.emailedTimer);
  }

  /** Whether a message reached the customer by email. */
  emailed(message: WireMessage): boolean {
    return this.state.emailed.some((e) => message.seq >= e.first && message.seq <= e.last);
  }

  wake(): void {
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
    else this.live?.send(content);
  }

  /** An internal note: for agents only, never shown to the customer. */
  async note(content: string): Promise<void> {
    if (this.files.hasFiles) return this.files.send(content, true);
    const response = await this.api.sessions[":session_id"].messages.$post({
      param: { session_id: this.id },
      query: {},
      json: { content, visibility: "internal", client_message_id: crypto.randomUUID() },
    });
    if (response.status !== 201) this.update({ notice: await problemText(response) });
  }

  typing(): void {
    this.live?.typing();
  }

  async act(action: Action): Promise<boolean> {
    const param = { session_id: this.id };
    const routes = this.api.sessions[":session_id"];
    const response = await (action.kind === "take"
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
            }));
    if (response.status !== 200) {
      this.update({ notice: await problemText(response) });
      return false;
    }
    await this.load();
    return true;
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  private async load(): Promise<Session | null> {
    const response = await this.api.sessions[":session_id"]
      .$get({ param: { session_id: this.id }, query: { limit: "200" } })
      .catch(() => null);
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
    const { messages, typing } = this.state;
    this.files.stored(message.client_message_id);
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
    if (frame.type === "error" && frame.status !== 401) this.update({ notice: frame.detail });
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
