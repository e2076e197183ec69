import { render, useEffect, useRef, useState } from "hono/jsx/dom";
import "../shared/files.css";
import "./widget.css";
import { useFileDrop } from "../shared/file-picking";
import { useFollowLog } from "../shared/follow-log";
import { NewMessagesButton } from "../shared/new-messages-button";
import { ArticleView } from "./article-view";
import { Chat } from "./chat";
import type { ChatState } from "./chat-state";
import { Composer } from "./composer";
import { ContactForm } from "./contact-form";
import { ConversationsView } from "./conversations-view";
import { hostLink } from "./host-link";
import { language, t } from "./i18n";
import { LAUNCHER } from "./i18n/languages";
import { DraftMessage, Message, PendingMessage } from "./message-view";
import { pageAddress } from "./page-address";
import { PeopleList, roleName, TypingLine } from "./people";
import { Rating } from "./rating";
import { openStore, type SessionStore } from "./store";
import { downloadTranscript } from "./transcript";

// The chat inside the widget's frame (an iframe on the host page: its CSS and scripts cannot reach
// in, nor ours out). It talks to the loader (widget.js, on the host page) only by postMessage, and
// only with the origin its address names (host-link.ts).

const params = new URLSearchParams(location.search);
document.documentElement.lang = language.locale;
document.documentElement.dir = language.dir;
const host = hostLink(params.get("host"));

function Widget({ chat, store }: { chat: Chat; store: SessionStore }) {
  const [state, setState] = useState<ChatState>(chat.state);
  /** The article open over the conversation, if any. */
  const [reading, setReading] = useState<string | null>(null);
  /** Whether the signed-in customer's list of conversations is open over the chat. */
  const [listing, setListing] = useState(false);
  const readingNow = useRef<string | null>(null);
  readingNow.current = reading;
  const listingNow = useRef(false);
  listingNow.current = listing;
  /** Where focus returns when the article closes (the source that opened it). */
  const opener = useRef<HTMLElement | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const follow = useFollowLog<HTMLDivElement>(
    state.messages.length + state.pending.length + state.outgoing.length + (state.draft ? 1 : 0),
  );
  const drop = useFileDrop((files) => chat.attach(files));
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
        host.tell({ type: "unread", count });
      }
    };
    chat.subscribe((current) => {
      setState(current);
      report(current);
    });
    void chat.resume().then(() => chat.askForms());
    const stop = host.listen((message) => {
      if (message.type === "identity") {
        void chat.identify(typeof message.value === "string" ? message.value : null);
        return;
      }
      if (message.type === "open-link" && typeof message.value === "string") {
        void chat.openLink(message.value);
        return;
      }
      if (message.type !== "open" && message.type !== "close") return;
      unread.current.open = message.type === "open";
      report(chat.state);
      if (!unread.current.open) return;
      // It opens at the newest message (the log gets its size now: the frame was hidden).
      follow.toBottom();
      (document.getElementById("form-name") ?? input.current)?.focus();
    });
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      if (readingNow.current) closeArticle();
      else if (listingNow.current) setListing(false);
      else host.tell({ type: "close" });
    };
    document.addEventListener("keydown", onKey);
    host.tell({ type: "ready" });
    return () => {
      stop();
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  const openArticle = (id: string) => {
    opener.current = document.activeElement as HTMLElement | null;
    setReading(id);
  };
  const closeArticle = () => {
    setReading(null);
    // After the conversation is no longer inert.
    setTimeout(() => opener.current?.focus());
  };
  // In a steady order (presence comes in any), so the line does not shuffle as people come and go.
  const others = state.present
    .filter((p) => p.role !== "customer")
    .map((p) => p.name ?? roleName(p))
    .sort((a, b) => a.localeCompare(b));
  const who = [...new Set([...(state.status === "bot" ? [t.assistant] : []), ...others])];
  // Who is in the chat, until it ends (an agent may stay connected to a resolved chat). Handed to
  // a person and no one here yet: it says it waits for one.
  const naming = who.length > 0 && state.status !== "resolved";
  const typing = state.typing && state.typing.until > Date.now() ? state.typing : null;
  // A form stands in for the empty conversation, before the first message of a customer not signed in.
  const asking = state.form && !state.sessionId && !state.signedIn ? state.form : null;

  return (
    <div class="chat">
      <header>
        <div class="bar">
          <h1>{t.title}</h1>
          <div class="tools">
            {state.signedIn && state.conversations.length > 0 && (
              <button type="button" aria-expanded={listing} onClick={() => setListing(!listing)}>
                {t.conversations}
              </button>
            )}
            {state.messages.length > 0 && (
              <button type="button" onClick={() => downloadTranscript(state.messages)}>
                {t.downloadTranscript}
              </button>
            )}
            <button
              type="button"
              class="close"
              aria-label={t.close}
              onClick={() => host.tell({ type: "close" })}
            >
              ×
            </button>
          </div>
        </div>
        <p
          class={naming ? "who people" : "who"}
          aria-live="polite"
          title={naming ? who.join(", ") : undefined}
        >
          {state.status === "resolved" ? (
            t.ended
          ) : naming ? (
            <>
              {t.inThisChat} <PeopleList names={who} />
            </>
          ) : state.form?.kind === "offline" || state.emailedTo ? (
            t.away
          ) : state.status === "open" ? (
            t.waiting
          ) : (
            t.usually
          )}
        </p>
      </header>
      {state.connection === "offline" && (
        <p class="banner" role="status">
          {t.offline}
        </p>
      )}
      <div class="stage">
        {asking ? (
          <ContactForm form={asking} onSubmit={(values) => chat.submitForm(values)} />
        ) : (
          <div
            class={`conversation${drop.dropping ? " dropping" : ""}`}
            inert={reading !== null || listing}
            {...(state.status !== "resolved" && drop.handlers)}
          >
            {state.emailedTo && (
              <p class="thanks" role="status">
                {t.thanksEmail(state.emailedTo)}
              </p>
            )}
            <div class="log-area">
              <div
                class="log"
                ref={follow.ref}
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling transcript must be reachable by keyboard (WCAG 2.1.1; axe: scrollable-region-focusable)
                tabIndex={0}
                role="log"
                aria-live="polite"
                aria-label={t.conversation}
              >
                <ol>
                  {state.messages.length === 0 && !state.pending.length && (
                    <li class="intro">
                      {t.intro}
                      {store.where === "memory" && ` ${t.noStorage}`}
                    </li>
                  )}
                  {state.messages.map((m) => (
                    <Message
                      message={m}
                      sessionId={state.sessionId ?? ""}
                      links={chat.links}
                      onOpenArticle={openArticle}
                    />
                  ))}
                  {state.draft && <DraftMessage text={state.draft.text} />}
                  {state.pending.map((p) => (
                    <PendingMessage content={p.content} refused={state.refused} error={p.error} />
                  ))}
                  {state.outgoing.map((m) => (
                    <PendingMessage content={m.content} files={m.files} error={m.error} />
                  ))}
                </ol>
              </div>
              <NewMessagesButton follow={follow} />
            </div>
            <p class="typing" aria-live="polite">
              <TypingLine person={typing} />
            </p>
            {state.notice && (
              <p class="notice" role="alert">
                {state.notice}
              </p>
            )}
            {state.status === "resolved" ? (
              <Rating chat={chat} rated={state.rated} />
            ) : (
              <Composer chat={chat} state={state} input={input} onSent={() => follow.toBottom()} />
            )}
          </div>
        )}
        {reading && <ArticleView articles={chat.articles} id={reading} onBack={closeArticle} />}
        {listing && !reading && (
          <ConversationsView
            conversations={state.conversations}
            current={state.sessionId}
            onOpen={(id) => {
              setListing(false);
              if (id !== state.sessionId) void chat.open(id);
            }}
            onNew={() => {
              setListing(false);
              chat.startNew();
              input.current?.focus();
            }}
            onBack={() => setListing(false)}
          />
        )}
      </div>
    </div>
  );
}

const team = params.get("team") || null;
// The loader's button speaks the customer's language (said at once: a hidden frame renders late).
// The loader chose it too, from the same page and browser, before the frame loaded; this is for a
// loader still cached from before it did.
host.tell({ type: "labels", labels: LAUNCHER[language.base] });
const store = await openStore(
  `support-chat:${team ?? ""}`,
  params.get("storage") === "host" ? host : null,
);
const chat = new Chat(
  { base: location.origin, team, page: pageAddress(params.get("page")), locale: language.locale },
  store,
);
const root = document.getElementById("app");
if (root) render(<Widget chat={chat} store={store} />, root);
