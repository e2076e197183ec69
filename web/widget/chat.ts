import { LiveClient, type ServerFrame, type WireMessage } from "../../src/client/live";
import { createRestClient, type RestClient } from "../../src/client/rest";
import { showsSomething } from "../../src/core/wire/visible";
import { LinkCache } from "../shared/file-links";
import { FileOutbox } from "../shared/file-outbox";
import { Articles } from "./articles";
import { type ChatState, type Conversation, initialState } from "./chat-state";
import { t } from "./i18n";
import { connectionProblem, messageRefusal, REFUSAL_WORDS } from "./refusals";
import { startSession } from "./start-session";
import type { Saved, SessionStore } from "./store";

// The customer's side of a chat, without any view: the session and its token (kept across page
// loads), the messages, what is typed but not stored yet, who is here and typing, the connection.

export interface ChatOptions {
  /** The service's origin (where widget.js came from). */
  base: string;
  team: string | null;
  /** The page the widget runs on (origin and path), for the page_url routing rules. */
  page: string | null;
  /** The customer's language (BCP 47), sent when a session starts. */
  locale: string;
}

/** Waits between tries to start a session the service cannot start for now: doubling, capped. */
const RETRY_SECONDS = { first: 5, max: 120 };

/**
 * A customer's chat: starts a session on the first message (never on page load), keeps it and its
 * token in the best store the browser allows (store.ts) so a reload resumes it, follows it live
 * (the live client resumes by seq, so nothing is missed or doubled), and keeps what is typed
 * offline until the server has it.
 */
export class Chat {
  state: ChatState = initialState();
  private saved: Saved | null;
  private live: LiveClient | null = null;
  private starting: Promise<void> | null = null;
  private retry: { timer?: ReturnType<typeof setTimeout>; seconds: number } = {
    seconds: RETRY_SECONDS.first,
  };
  private listener: (state: ChatState) => void = () => {};
  /** The site's signed identity of its user, and who the service says that is (null: anonymous). */
  private identity: { token: string; customerId: string } | null = null;
  /** The identities the site gave, applied one after another (a session starts after them). */
  private identifying: Promise<void> = Promise.resolve();
  /** What the form collected, sent with the session it starts. */
  private contact: { fields: { name?: string; email: string }; offline: boolean } | null = null;

  /** One client for the chat's life: it keeps the newest D1 bookmark, so reads see our writes. */
  private readonly api: RestClient;
  /** The articles the assistant answers from, read with this chat's token. */
  readonly articles: Articles;
  /** Files picked to send, and the messages that carry them until they are stored. */
  readonly files: FileOutbox;
  /** Links to the files of the messages shown. */
  readonly links: LinkCache;

  constructor(
    private readonly options: ChatOptions,
    private readonly store: SessionStore,
  ) {
    this.saved = store.load();
    this.api = createRestClient(options.base, { token: () => this.saved?.token });
    this.articles = new Articles(this.api);
    this.links = new LinkCache(this.api);
    this.files = new FileOutbox({
      api: this.api,
      target: () =>
        this.saved && {
          base: options.base,
          sessionId: this.saved.sessionId,
          token: this.saved.token,
        },
      onChange: () =>
        this.update({ files: this.files.queue.composing, outgoing: this.files.messages }),
      onStored: (message) => this.received(message),
      words: REFUSAL_WORDS,
    });
    addEventListener("online", () => this.wake());
    addEventListener("offline", () => this.live?.drop());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.wake();
    });
  }

  /** Who hears of every change (the view). */
  subscribe(listener: (state: ChatState) => void): void {
    this.listener = listener;
  }

  /** Tells the others the customer is typing (at most every few seconds: the caller's pace). */
  typing(): void {
    this.live?.typing();
  }

  /** Picks up a session saved by an earlier page load, if it is still there. */
  async resume(): Promise<void> {
    const saved = this.saved;
    if (!saved) return;
    if (Date.parse(saved.expiresAt) <= Date.now()) return this.forget();
    const response = await this.api.sessions[":session_id"]
      .$get({ param: { session_id: saved.sessionId }, query: {} })
      .catch(() => null);
    if (!response) {
      // Offline: show what we can, and connect when the network is back.
      this.update({ sessionId: saved.sessionId });
      this.follow(0);
      return;
    }
    if (response.status !== 200) return this.forget();
    const session = await response.json();
    this.update({
      sessionId: session.id,
      status: session.status,
      rated: session.rating !== null,
      messages: session.messages,
    });
    this.follow(session.last_seq);
  }

  /**
   * The site says who its signed-in user is (null: they signed out). The service verifies it; a
   * chat started anonymously here becomes theirs; their conversations from any device are listed,
   * and the newest open one resumed if none is open here. Another signed-in user's chat (a shared
   * computer) is closed, never shown. An identity the service refuses changes nothing.
   */
  identify(token: string | null): Promise<void> {
    // After a session being started now: it is then there to become theirs, not left anonymous.
    const applied = Promise.all([this.identifying, this.starting]).then(() =>
      this.applyIdentity(token),
    );
    this.identifying = applied.catch(() => {});
    return applied;
  }

  private async applyIdentity(token: string | null): Promise<void> {
    if (!token) {
      this.identity = null;
      if (this.saved?.customerId) this.forget();
      return this.update({ signedIn: false, conversations: [] });
    }
    const saved = this.saved;
    const anonymous = saved && !saved.customerId ? saved.token : undefined;
    const ask = (anonymous_token?: string) =>
      this.api.identity.conversations
        .$post({ json: { identity_token: token, ...(anonymous_token && { anonymous_token }) } })
        .catch(() => null);
    let response = await ask(anonymous);
    // The anonymous chat's token has expired: the list comes without it.
    if (response?.status === 400 && anonymous) response = await ask();
    if (response?.status !== 200) return;
    const found = await response.json();
    this.identity = { token, customerId: found.customer_id };
    this.update({
      signedIn: true,
      // The site says who they are: no form asks again.
      form: null,
      conversations: found.sessions.map(
        (s): Conversation => ({
          sessionId: s.session_id,
          status: s.status,
          updatedAt: s.updated_at,
          lastMessage: s.last_message,
        }),
      ),
    });
    const mine = (id: string) => this.state.conversations.some((c) => c.sessionId === id);
    if (saved?.customerId && saved.customerId !== found.customer_id) this.forget();
    // The chat started anonymously is theirs now: a token that names them.
    else if (saved && !saved.customerId && mine(saved.sessionId)) await this.open(saved.sessionId);
    // Unless a message waits to start a chat of its own (typed before the widget knew them).
    const writing = this.state.pending.some((p) => !p.error) || this.state.outgoing.length > 0;
    if (!this.saved && !writing) {
      const open = this.state.conversations.find((c) => c.status !== "resolved");
      if (open) await this.open(open.sessionId);
    }
  }

  /** Opens the conversation an email linked to (the link is exchanged for its token). */
  async openLink(link: string): Promise<void> {
    const response = await this.api.email.open.$post({ json: { link } }).catch(() => null);
    if (response?.status !== 200) {
      return this.update({ notice: t.linkExpired });
    }
    const opened = await response.json();
    await this.switchTo({
      sessionId: opened.session_id,
      token: opened.token,
      expiresAt: opened.expires_at,
    });
  }

  /** Opens one of the signed-in customer's conversations: a token for it, then its messages. */
  async open(sessionId: string): Promise<void> {
    const { identity } = this;
    if (!identity) return;
    const response = await this.api.identity.sessions[":session_id"].token
      .$post({ param: { session_id: sessionId }, json: { identity_token: identity.token } })
      .catch(() => null);
    if (response?.status !== 200) {
      return this.update({ notice: t.openFailed });
    }
    const { token, expires_at } = await response.json();
    await this.switchTo({
      sessionId,
      token,
      expiresAt: expires_at,
      customerId: identity.customerId,
    });
  }

  /** Makes `saved` the chat shown and kept, and reads it. */
  private async switchTo(saved: Saved): Promise<void> {
    const same = this.saved?.sessionId === saved.sessionId;
    this.live?.close();
    this.live = null;
    this.saved = saved;
    this.store.save(saved);
    if (!same) this.files.clear();
    // What was typed for another conversation is not sent into this one.
    this.update({ ...this.kept(), pending: same ? this.state.pending : [] });
    await this.resume();
  }

  /**
   * Before the first message: whether the team asks who is writing (pre-chat form), or is away
   * with no assistant to answer (offline form). A signed-in customer is never asked.
   */
  async askForms(): Promise<void> {
    if (this.saved || this.identity) return;
    const { team } = this.options;
    const response = await this.api.availability
      .$get({ query: team ? { team_id: team } : {} })
      .catch(() => null);
    if (response?.status !== 200 || this.saved || this.identity) return;
    const team_ = await response.json();
    const away = (!team_.online || !team_.within_hours) && !team_.assistant;
    const kind = team_.prechat_form ? "prechat" : away ? "offline" : null;
    this.update({ form: kind && { kind, errors: {}, sending: false } });
  }

  /** Starts the chat from the form: the contact with the session, the question its first message. */
  submitForm(values: { name: string; email: string; question: string }): void {
    const { form } = this.state;
    if (!form || form.sending) return;
    const name = values.name.trim();
    const email = values.email.trim();
    const errors: Record<string, string> = {};
    if (!name && form.kind === "prechat") errors.name = t.needName;
    if (!email) errors.email = t.needEmail;
    if (!values.question.trim()) errors.question = t.needQuestion;
    if (Object.keys(errors).length) {
      this.update({ form: { ...form, errors } });
      return;
    }
    this.contact = { fields: { ...(name && { name }), email }, offline: form.kind === "offline" };
    this.update({ form: { ...form, errors: {}, sending: true } });
    this.send(values.question);
  }

  /** Files to send with the next message: uploaded as soon as there is a session (started now). */
  attach(files: File[]): void {
    this.files.queue.add(files);
    this.update({ notice: null });
    void this.deliver();
  }

  /** Sends a message (with the files picked): now, or once the session exists and the line is back. */
  send(content: string): void {
    if (this.files.hasFiles) {
      this.files.send(content);
      this.update({ notice: null, refused: false });
      void this.deliver();
      return;
    }
    if (!showsSomething(content)) return;
    const id = crypto.randomUUID();
    // A refused message stays to be read (and copied) until the next one is sent.
    const waiting = this.state.pending.filter((p) => !p.error);
    this.update({
      pending: [...waiting, { id, content }],
      notice: null,
      refused: false,
    });
    void this.deliver();
  }

  /** Asks for a person (the bot hands the chat to the human queue). */
  async talkToPerson(): Promise<void> {
    const { saved } = this;
    if (!saved) return;
    const response = await this.api.sessions[":session_id"].handoff
      .$post({ param: { session_id: saved.sessionId } })
      .catch(() => null);
    if (response?.status === 200) this.update({ status: (await response.json()).status });
    else this.update({ notice: t.handoffFailed });
  }

  async rate(score: number, comment: string): Promise<void> {
    const { saved } = this;
    if (!saved) return;
    const response = await this.api.sessions[":session_id"].rating
      .$post({
        param: { session_id: saved.sessionId },
        json: { score, ...(comment.trim() && { comment: comment.trim() }) },
      })
      .catch(() => null);
    if (response?.status === 200) this.update({ rated: true });
    else this.update({ notice: t.ratingFailed });
  }

  /** Starts over: the next message starts a new session. */
  startNew(): void {
    this.forget();
  }

  private async deliver(): Promise<void> {
    if (!this.saved) {
      this.starting ??= this.start().finally(() => {
        this.starting = null;
      });
      await this.starting;
      // Not started: tried again when the network is back, after a wait, or with the next message.
      if (!this.saved) return;
    }
    if (!this.live) this.follow(this.state.messages.at(-1)?.seq ?? 0);
    for (const { id, content, error } of this.state.pending)
      if (!error) this.live?.send(content, id);
    this.files.deliver();
  }

  private async start(): Promise<void> {
    const { team, page, locale } = this.options;
    clearTimeout(this.retry.timer);
    // The site said who they are and the service has not answered yet: the session is theirs.
    await this.identifying;
    if (this.saved) return;
    const { identity } = this;
    const result = await startSession(this.api, {
      ...(team && { team_id: team }),
      ...(page && { page_url: page }),
      ...(locale && { locale }),
      ...(identity && { identity_token: identity.token }),
      ...(this.contact && !identity && { contact: this.contact.fields }),
    });
    const { form } = this.state;
    if (result.kind === "invalid") {
      // What they typed stays in the form, with the service's reasons under its fields.
      this.contact = null;
      return this.update({
        pending: [],
        form: form && { ...form, errors: formErrors(result.fields), sending: false },
      });
    }
    // Past the form: the conversation shows the question (waiting, sent, or not sent and why).
    if (form?.sending) this.update({ form: null });
    if (result.kind === "offline") return this.update({ connection: "offline" });
    if (result.kind === "later") {
      const seconds = Math.max(result.afterSeconds, this.retry.seconds);
      this.retry = {
        timer: setTimeout(() => void this.deliver(), seconds * 1000),
        seconds: Math.min(seconds * 2, RETRY_SECONDS.max),
      };
      return this.update({
        notice: t.busy,
      });
    }
    if (result.kind === "refused") {
      return this.update({
        refused: true,
        notice: t.refused,
      });
    }
    this.retry = { seconds: RETRY_SECONDS.first };
    const { session } = result;
    const token = session.customer_token;
    if (!token) return;
    // Started as the signed-in user, unless the service refused the identity (then anonymously).
    const customerId =
      identity && session.customer?.id === identity.customerId ? identity.customerId : undefined;
    this.saved = {
      sessionId: session.id,
      token: token.token,
      expiresAt: token.expires_at,
      ...(customerId && { customerId }),
    };
    this.store.save(this.saved);
    this.update({
      sessionId: session.id,
      status: session.status,
      messages: session.messages,
      notice: null,
      form: null,
      emailedTo: this.contact?.offline ? this.contact.fields.email : null,
      ...(customerId && {
        conversations: [
          { sessionId: session.id, status: session.status, updatedAt: null, lastMessage: null },
          ...this.state.conversations,
        ],
      }),
    });
  }

  /** Follows the session live from `afterSeq`. */
  private follow(afterSeq: number): void {
    const { saved } = this;
    if (!saved) return;
    this.live?.close();
    const live = new LiveClient({
      afterSeq,
      url: async (after) => {
        const response = await this.api.sessions[":session_id"]["live-ticket"].$post({
          param: { session_id: saved.sessionId },
        });
        if (response.status === 401 || response.status === 404) {
          this.forget();
          this.update({ notice: t.chatEnded });
        }
        if (response.status !== 201) throw new Error(`live ticket: ${response.status}`);
        const { ticket } = await response.json();
        const ws = this.options.base.replace(/^http/, "ws");
        return `${ws}/sessions/${saved.sessionId}/live?after_seq=${after}&ticket=${encodeURIComponent(ticket)}`;
      },
      onMessage: (message) => this.received(message),
      onFrame: (frame) => this.frame(frame),
      onStatus: (status) => this.update({ connection: status === "closed" ? "idle" : status }),
    });
    this.live = live;
    live.start();
  }

  private received(message: WireMessage): void {
    const { messages, pending, typing, draft } = this.state;
    this.files.stored(message.client_message_id);
    if (messages.some((m) => m.seq === message.seq)) return;
    this.update({
      // The stored reply takes its draft's place.
      draft: draft?.id === message.id ? null : draft,
      messages: [...messages, message].sort((a, b) => a.seq - b.seq),
      pending: pending.filter((p) => p.id !== message.client_message_id),
      // Whoever was typing has written.
      typing: typing && typing.role === message.author_type ? null : typing,
    });
    if (message.author_type === "system") void this.refresh();
  }

  private frame(frame: ServerFrame): void {
    if (frame.type === "presence") this.update({ present: frame.connected });
    if (frame.type === "typing") {
      this.update({
        typing: { role: frame.role, name: frame.name, until: Date.parse(frame.expires_at) },
      });
    }
    if (frame.type === "draft" && !this.state.messages.some((m) => m.id === frame.id)) {
      this.update({ draft: { id: frame.id, text: frame.text }, typing: null });
    }
    if (frame.type === "draft_discarded" && this.state.draft?.id === frame.id) {
      this.update({ draft: null });
    }
    if (frame.type === "ready") {
      // A draft still being written comes again right after; one that ended meanwhile is gone.
      this.update({ draft: null });
      void this.refresh();
      this.files.deliver();
    }
    if (frame.type === "error" && frame.status !== 401) this.refused(frame);
  }

  /** The service refused a message (marked so, in words) or something else (a notice). */
  private refused(frame: ServerFrame & { type: "error" }): void {
    const refusal = { status: frame.status, type: frame.problem_type, detail: frame.detail };
    const message = this.state.pending.find((p) => p.id === frame.client_message_id);
    // A 5xx is retried with the next connection: the message is still on its way.
    if (!message || frame.status >= 500) {
      this.update({ notice: connectionProblem(refusal) });
      return;
    }
    const error = messageRefusal(refusal, message.content);
    this.update({ pending: this.state.pending.map((p) => (p === message ? { ...p, error } : p)) });
    // Resolved too long ago: the status shows it (and offers a new chat).
    if (frame.status === 409) void this.refresh();
  }

  /** The session's status (after a transition's system message, or a reconnect). */
  private async refresh(): Promise<void> {
    const { saved } = this;
    if (!saved) return;
    const response = await this.api.sessions[":session_id"]
      .$get({
        param: { session_id: saved.sessionId },
        query: { limit: "1" },
      })
      .catch(() => null);
    if (response?.status !== 200) return;
    const session = await response.json();
    this.update({ status: session.status, rated: session.rating !== null });
  }

  private wake(): void {
    if (this.live) this.live.wake();
    else if (this.state.pending.length || this.state.outgoing.length) void this.deliver();
    this.files.deliver();
  }

  private forget(): void {
    this.live?.close();
    this.live = null;
    this.saved = null;
    this.store.forget();
    this.files.clear();
    this.contact = null;
    this.update({ ...this.kept(), pending: this.state.pending });
    void this.askForms();
  }

  /** A state with no conversation open, still signed in as before (a form asked for again). */
  private kept(): ChatState {
    const { signedIn, conversations, files, outgoing } = this.state;
    return { ...initialState(), signedIn, conversations, files, outgoing };
  }

  private update(change: Partial<ChatState>): void {
    this.state = { ...this.state, ...change };
    this.listener(this.state);
  }
}

/** The service's reasons, in words for the customer, by the form's field. */
function formErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  if (fields.email) errors.email = t.badEmail;
  if (fields.name) errors.name = t.longName;
  if (!errors.email && !errors.name) errors.form = t.badForm;
  return errors;
}
