import { render, useEffect, useRef, useState } from "hono/jsx/dom";
import type { WireMessage } from "../../src/client/live";
import { authorOf, Chat, type ChatState, type Person } from "./chat";
import { openStore } from "./store";

// The chat inside the widget's frame (an iframe on the host page: its CSS and scripts cannot reach
// in, nor ours out). It talks to the loader (widget.js, on the host page) only by postMessage.

const params = new URLSearchParams(location.search);
/** The host page's origin: the only window our messages go to. */
const hostOrigin = params.get("host") ?? "*";
const tell = (message: { type: "unread"; count: number } | { type: "close" | "ready" }) =>
  parent.postMessage({ source: "support-chat", ...message }, hostOrigin);

function Widget({ chat }: { chat: Chat }) {
  const [state, setState] = useState<ChatState>(chat.state);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  // Unread: others' messages that arrived while the chat was closed (what a reload finds is not news).
  const unread = useRef({ open: false, seen: 0, baseline: false, told: 0 });

  useEffect(() => {
    const report = (current: ChatState) => {
      const u = unread.current;
      const fromOthers = current.messages.filter((m) => m.author_type !== "customer").length;
      if (u.open || !u.baseline) {
        u.seen = fromOthers;
        u.baseline ||= current.messages.length > 0;
      }
      const count = u.open ? 0 : fromOthers - u.seen;
      if (count !== u.told) {
        u.told = count;
        tell({ type: "unread", count });
      }
    };
    chat.subscribe((current) => {
      setState(current);
      report(current);
    });
    void chat.resume();
    const onMessage = (event: MessageEvent) => {
      if (event.source !== parent || event.data?.source !== "support-chat") return;
      if (event.data.type !== "open" && event.data.type !== "close") return;
      unread.current.open = event.data.type === "open";
      setOpen(unread.current.open);
      report(chat.state);
    };
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && tell({ type: "close" });
    addEventListener("message", onMessage);
    document.addEventListener("keydown", onKey);
    tell({ type: "ready" });
    return () => {
      removeEventListener("message", onMessage);
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const send = (event: Event) => {
    event.preventDefault();
    const text = input.current?.value ?? "";
    if (!text.trim()) return;
    chat.send(text);
    if (input.current) input.current.value = "";
  };
  const typed = () => {
    const now = Date.now();
    if (now - lastTyping.current > 2000) {
      lastTyping.current = now;
      chat.typing();
    }
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) send(event);
  };
  const close = () => tell({ type: "close" });

  const others = state.present.filter((p) => p.role !== "customer");
  const who = [
    ...(state.status === "bot" ? ["Assistant"] : []),
    ...others.map((p) => p.name ?? roleName(p)),
  ];
  const typing = state.typing && state.typing.until > Date.now() ? state.typing : null;

  return (
    <div class="chat">
      <header>
        <div>
          <h1>Support</h1>
          <p class="who" aria-live="polite">
            {who.length
              ? `In this chat: ${[...new Set(who)].join(", ")}`
              : "We usually answer in minutes."}
          </p>
        </div>
        <div class="tools">
          {state.messages.length > 0 && (
            <button type="button" onClick={() => download(chat.transcript())}>
              Download transcript
            </button>
          )}
          <button type="button" class="close" aria-label="Close the chat" onClick={close}>
            ×
          </button>
        </div>
      </header>
      {state.connection === "offline" && (
        <p class="banner" role="status">
          You are offline. Messages you write are sent when the connection is back.
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling transcript must be reachable by keyboard (WCAG 2.1.1; axe: scrollable-region-focusable) */}
      <div class="log" tabIndex={0} role="log" aria-live="polite" aria-label="Conversation">
        <ol>
          {state.messages.length === 0 && !state.pending.length && (
            <li class="intro">Hello! Write your question below and we will answer here.</li>
          )}
          {state.messages.map((m) => (
            <Message message={m} />
          ))}
          {state.pending.map((p) => (
            <li class="message customer pending">
              <span class="author">You</span>
              <p>{p.content}</p>
              <span class="meta">Sending…</span>
            </li>
          ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">
        {typing
          ? `${typing.role === "bot" ? "Assistant" : (typing.name ?? roleName(typing))} is typing…`
          : ""}
      </p>
      {state.notice && (
        <p class="notice" role="alert">
          {state.notice}
        </p>
      )}
      {state.status === "resolved" ? (
        <Rating chat={chat} rated={state.rated} />
      ) : (
        <form onSubmit={send}>
          <label for="message">Your message</label>
          <textarea
            id="message"
            ref={input}
            rows={2}
            maxLength={4000}
            onKeyDown={keys}
            onInput={typed}
          />
          <div class="actions">
            {state.status === "bot" && (
              <button type="button" class="secondary" onClick={() => void chat.talkToPerson()}>
                Talk to a person
              </button>
            )}
            <button type="submit">Send</button>
          </div>
        </form>
      )}
    </div>
  );
}

function Message({ message }: { message: WireMessage }) {
  const time = new Date(message.timestamp).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
  return (
    <li class={`message ${message.author_type}`}>
      <span class="author">{authorOf(message)}</span>
      <p>{message.content}</p>
      {message.sources?.length ? (
        <p class="sources">From: {message.sources.map((s) => s.title).join("; ")}</p>
      ) : null}
      <span class="meta">
        <time dateTime={message.timestamp}>{time}</time>
      </span>
    </li>
  );
}

function Rating({ chat, rated }: { chat: Chat; rated: boolean }) {
  const [score, setScore] = useState(0);
  const comment = useRef<HTMLTextAreaElement>(null);
  if (rated) {
    return (
      <div class="rating">
        <p>Thank you for your rating!</p>
        <button type="button" onClick={() => chat.startNew()}>
          Start a new chat
        </button>
      </div>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    if (score) void chat.rate(score, comment.current?.value ?? "");
  };
  return (
    <form class="rating" onSubmit={submit}>
      <fieldset>
        <legend>This chat is closed. How did we do?</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label class="star">
            <input type="radio" name="score" value={String(n)} onChange={() => setScore(n)} />
            {n} {n === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      <label for="comment">Anything to add? (optional)</label>
      <textarea id="comment" ref={comment} rows={2} maxLength={2000} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => chat.startNew()}>
          Start a new chat
        </button>
        <button type="submit" disabled={!score}>
          Send rating
        </button>
      </div>
    </form>
  );
}

function roleName(person: Person): string {
  return person.role === "service_agent" || person.role === "supervisor" ? "An agent" : "Someone";
}

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const link = Object.assign(document.createElement("a"), {
    href: url,
    download: "chat-transcript.txt",
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const team = params.get("team") || null;
const store = await openStore(`support-chat:${team ?? ""}`, (message) =>
  parent.postMessage({ source: "support-chat", ...message }, hostOrigin),
);
const chat = new Chat({ base: location.origin, team, page: params.get("page") || null }, store);
const root = document.getElementById("app");
if (root) render(<Widget chat={chat} />, root);
