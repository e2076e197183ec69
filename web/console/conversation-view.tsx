import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { showsSomething } from "../../src/core/wire/visible";
import { AttachButton, PendingFiles, pastedFiles, useFileDrop } from "../shared/file-picking";
import { useFollowLog } from "../shared/follow-log";
import { NewMessagesButton } from "../shared/new-messages-button";
import { ContactPanel } from "./contact-panel";
import { type Action, Conversation, type ConversationState } from "./conversation";
import { ConversationHeader } from "./conversation-header";
import type { Me, SessionChangeListener, Team } from "./desk";
import { appendTo, DraftTools } from "./draft-tools";
import { EscalateForm } from "./escalate-form";
import { clock, useReconnect } from "./hooks";
import type { LabelRef } from "./labels";
import { isGreeting, MessageItem } from "./message-item";
import { replyCalls } from "./replies";
import { useReplyPicker } from "./reply-picker";
import { SessionContext } from "./session-context";
import { SessionLabels, useSessionLabels } from "./session-labels";
import { TransferPicker } from "./transfer-picker";

interface Props {
  api: RestClient;
  /** The agent's token, for uploads. */
  token: string;
  id: string;
  me: Me | null;
  teams: Record<string, Team>;
  /** The desk's labels, kept live (null: not read yet). */
  labels: LabelRef[] | null;
  onOpen: (id: string) => void;
  /** Back to the list (on a phone, where the conversation takes the whole screen). */
  onBack: () => void;
  onChanged: () => void;
  /** Hears what the queues say changed in a session (desk.onSessionChange). */
  onSessionChange: (listener: SessionChangeListener) => () => void;
  /** The desk's shortcuts that act on this session (t, r, n, /). */
  command: { current: (key: string) => void };
}

export function ConversationView({
  api,
  token,
  id,
  me,
  teams,
  labels: deskLabels,
  onOpen,
  onBack,
  onChanged,
  onSessionChange,
  command,
}: Props) {
  const conversation = useMemo(() => new Conversation(api, id, token), [api, id]);
  const attach = (files: File[]) => conversation.files.queue.add(files);
  const drop = useFileDrop(attach);
  const [state, setState] = useState<ConversationState>(conversation.state);
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [form, setForm] = useState<"escalate" | "transfer" | null>(null);
  const [contactOpen, setContactOpen] = useState(false);
  // One action at a time: on a slow line a second click would escalate (and raise the priority) twice.
  const [acting, setActing] = useState(false);
  const actingNow = useRef(false);
  const labels = useSessionLabels(api, id, onChanged, state.labels, deskLabels);
  const contactToggle = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const replies = useMemo(() => replyCalls(api), [api]);
  const picker = useReplyPicker(replies, id, input);
  const now = clock();

  useEffect(() => {
    conversation.subscribe(setState);
    void conversation.open();
    const stopHearing = onSessionChange((sessionId, change) => {
      if (sessionId === id) conversation.changed(change);
    });
    return () => {
      stopHearing();
      conversation.close();
    };
  }, [conversation]);
  useReconnect(conversation);

  // Follows new messages at the end; keeps the agent's place while they read older ones.
  const follow = useFollowLog<HTMLDivElement>(
    state.messages.length + state.outgoing.length + state.sending.length,
    state.session !== null,
  );

  const { session } = state;
  const mine = session?.assignee?.id === me?.id;
  const act = async (action: Action) => {
    if (actingNow.current) return;
    actingNow.current = true;
    setActing(true);
    try {
      if (await conversation.act(action)) onChanged();
    } finally {
      actingNow.current = false;
      setActing(false);
    }
    setForm(null);
  };
  const write = (next: "reply" | "note") => {
    setMode(next);
    input.current?.focus();
  };
  command.current = (key) => {
    if (key === "t" && session && ["bot", "open"].includes(session.status))
      void act({ kind: "take" });
    if (key === "r" && session && session.status !== "resolved") void act({ kind: "resolve" });
    if (key === "n") write("note");
    if (key === "/") write("reply");
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = input.current?.value.trim() ?? "";
    // Only invisible characters (zero-width spaces, joiners) are as good as nothing.
    const text = showsSomething(typed) ? typed : "";
    if (!text && !conversation.files.hasFiles) return;
    if (mode === "note") conversation.note(text);
    else conversation.send(text);
    if (input.current) input.current.value = "";
    follow.toBottom();
  };
  const keys = (event: KeyboardEvent) => {
    if (picker.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey) submit(event);
    if (event.key === "Escape") input.current?.blur();
  };
  const typed = () => {
    picker.onInput();
    if (mode === "reply" && Date.now() - lastTyping.current > 2000) {
      lastTyping.current = Date.now();
      conversation.typing();
    }
  };

  const typing = state.typing && state.typing.until > now ? state.typing : null;
  const closeContact = () => {
    setContactOpen(false);
    contactToggle.current?.focus();
  };

  return (
    <div class="workspace">
      <section
        class={`conversation${drop.dropping ? " dropping" : ""}${form ? " acting" : ""}`}
        aria-label="Conversation"
        {...(session && session.status !== "resolved" && drop.handlers)}
      >
        {!session ? (
          <p>{state.notice ?? "Loading…"}</p>
        ) : (
          <>
            <ConversationHeader
              session={session}
              state={state}
              teams={teams}
              now={now}
              form={form}
              onForm={setForm}
              onTake={() => void act({ kind: "take" })}
              onResolve={() => void act({ kind: "resolve" })}
              onBack={onBack}
              contactOpen={contactOpen}
              contactToggle={contactToggle}
              onContact={() => (contactOpen ? closeContact() : setContactOpen(true))}
            />
            <SessionLabels state={labels} />
            {/* What comes and goes stays in here: a moved transcript element would lose its scroll. */}
            <div class="above-log">
              {form === "transfer" && (
                <TransferPicker
                  api={api}
                  sessionId={id}
                  busy={acting}
                  onAct={(action) => void act(action)}
                  onCancel={() => setForm(null)}
                />
              )}
              {form === "escalate" && (
                <EscalateForm
                  busy={acting}
                  onAct={(action) => void act(action)}
                  onCancel={() => setForm(null)}
                />
              )}
              {state.notice && (
                <p class="notice" role="alert">
                  {state.notice}{" "}
                  <button type="button" class="link" onClick={() => conversation.dismissNotice()}>
                    Dismiss
                  </button>
                </p>
              )}
              {state.connection === "offline" && (
                <p class="banner" role="status">
                  Reconnecting… what you write is sent when the line is back.
                </p>
              )}
            </div>
            <div
              class="log"
              ref={follow.ref}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling transcript must be reachable by keyboard (axe: scrollable-region-focusable)
              tabIndex={0}
              role="log"
              aria-live="polite"
              aria-label="Transcript"
            >
              <ol>
                {state.messages.map((m) => (
                  <MessageItem
                    key={m.seq}
                    message={m}
                    customerName={session.customer?.name ?? null}
                    emailed={m.visibility === "public" && conversation.emailed(m)}
                    links={conversation.links}
                    sessionId={id}
                  />
                ))}
                {state.sending.map((m) => (
                  <li class={`message service_agent pending${m.internal ? " internal" : ""}`}>
                    <span class="author">
                      {m.internal ? "Internal note, sending…" : "Sending…"}
                    </span>
                    <p dir="auto">{m.content}</p>
                    {m.error && (
                      <p class="error" role="alert">
                        Not sent: {m.error}
                      </p>
                    )}
                  </li>
                ))}
                {state.outgoing.map((m) => (
                  <li class={`message service_agent pending${m.internal ? " internal" : ""}`}>
                    <span class="author">
                      {m.internal ? "Internal note, sending…" : "Sending…"}
                    </span>
                    {m.content.trim() && <p dir="auto">{m.content}</p>}
                    <PendingFiles files={m.files} />
                    {m.error && (
                      <p class="error" role="alert">
                        Not sent: {m.error}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
              <NewMessagesButton follow={follow} />
            </div>
            <p class="typing" aria-live="polite">
              {typing &&
                (typing.role === "customer" ? (
                  "The customer is typing…"
                ) : (
                  <>
                    <bdi>{typing.name ?? "Someone"}</bdi> is typing…
                  </>
                ))}
            </p>
            {session.status !== "resolved" && (
              <form class={`composer ${mode}`} onSubmit={submit}>
                <div class="modes" role="radiogroup" aria-label="Write">
                  <label>
                    <input
                      type="radio"
                      name="mode"
                      checked={mode === "reply"}
                      onChange={() => setMode("reply")}
                    />
                    Reply to the customer (/)
                  </label>
                  <label>
                    <input
                      type="radio"
                      name="mode"
                      checked={mode === "note"}
                      onChange={() => setMode("note")}
                    />
                    Internal note (n)
                  </label>
                </div>
                <DraftTools
                  calls={replies}
                  sessionId={id}
                  onInsert={(text) => appendTo(input.current, text)}
                />
                {picker.view}
                <PendingFiles
                  files={state.files}
                  onRemove={(key) => conversation.files.queue.remove(key)}
                />
                <label for="composer" class="visually-hidden">
                  {mode === "note" ? "Internal note, for agents only" : "Reply to the customer"}
                </label>
                <textarea
                  id="composer"
                  ref={input}
                  rows={2}
                  placeholder={
                    mode === "note"
                      ? "Only agents see notes"
                      : mine
                        ? "Write a reply"
                        : "Take the chat, or reply as a colleague"
                  }
                  {...picker.fieldProps}
                  onKeyDown={keys}
                  onInput={typed}
                  onPaste={(event: ClipboardEvent) => attach(pastedFiles(event))}
                />
                <div class="send">
                  <AttachButton onFiles={attach} />
                  <button type="submit">{mode === "note" ? "Add note" : "Send"}</button>
                </div>
              </form>
            )}
          </>
        )}
      </section>
      {session && (
        <ContactPanel
          api={api}
          customerId={session.customer?.id ?? null}
          sessionId={id}
          sessionStatus={session.status}
          customerName={session.customer?.name ?? null}
          conversation={{
            status: session.status,
            outcome: session.outcome,
            escalated: session.escalated,
            rating: session.rating,
            last_message:
              state.messages.findLast((m) => m.author_type !== "system" && !isGreeting(m)) ?? null,
          }}
          now={now}
          open={contactOpen}
          onClose={closeContact}
          onOpen={onOpen}
          onRenamed={() => {
            conversation.reread();
            onChanged();
          }}
        >
          <SessionContext session={session} labels={labels.labels} now={now} />
        </ContactPanel>
      )}
    </div>
  );
}
