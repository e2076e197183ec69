import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import type { WireMessage } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { HANDOFF_REASONS } from "../../src/domain/handoff";
import { type Action, Conversation, type ConversationState } from "./conversation";
import type { Me } from "./desk";
import { clock, sinceText, useReconnect } from "./hooks";

interface Props {
  api: RestClient;
  id: string;
  me: Me | null;
  onOpen: (id: string) => void;
  onChanged: () => void;
  /** The desk's shortcuts that act on this session (t, r, n, /). */
  command: { current: (key: string) => void };
}

export function ConversationView({ api, id, me, onOpen, onChanged, command }: Props) {
  const conversation = useMemo(() => new Conversation(api, id), [api, id]);
  const [state, setState] = useState<ConversationState>(conversation.state);
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [form, setForm] = useState<"escalate" | "transfer" | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const lastTyping = useRef(0);
  const now = clock();

  useEffect(() => {
    conversation.subscribe(setState);
    void conversation.open();
    return () => conversation.close();
  }, [conversation]);
  useReconnect(conversation);

  useEffect(() => {
    log.current?.querySelector("li:last-child")?.scrollIntoView({ block: "end" });
  }, [state.messages.length]);

  const { session } = state;
  const mine = session?.assignee?.id === me?.id;
  const act = async (action: Action) => {
    if (await conversation.act(action)) onChanged();
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
    const text = input.current?.value.trim() ?? "";
    if (!text) return;
    if (mode === "note") void conversation.note(text);
    else conversation.send(text);
    if (input.current) input.current.value = "";
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) submit(event);
    if (event.key === "Escape") input.current?.blur();
  };
  const typed = () => {
    if (mode === "reply" && Date.now() - lastTyping.current > 2000) {
      lastTyping.current = Date.now();
      conversation.typing();
    }
  };

  const typing = state.typing && state.typing.until > now ? state.typing : null;
  const customerHere = state.present.some((p) => p.role === "customer");

  return (
    <section class="conversation" aria-label="Conversation">
      {!session ? (
        <p>{state.notice ?? "Loading…"}</p>
      ) : (
        <>
          <header>
            <div>
              <h2>{session.customer?.name ?? "Visitor"}</h2>
              <p class="meta">
                <span class={`status ${session.status}`}>{session.status}</span>
                {session.assignee ? ` · with ${session.assignee.name ?? session.assignee.id}` : ""}
                {session.team_id ? ` · team ${session.team_id}` : ""}
                {session.priority ? ` · ${session.priority} priority` : ""}
                {session.escalated ? ` · escalated: ${session.escalation_reason ?? ""}` : ""}
                {` · started ${sinceText(session.created_at, now)} ago`}
                {` · customer ${customerHere ? "here now" : "not connected"}`}
              </p>
              {session.handoff_reason && (
                <p class="handoff">
                  Handed over by the assistant: {HANDOFF_REASONS[session.handoff_reason].agents}.
                  Its summary is the internal note below.
                </p>
              )}
            </div>
            <div class="actions">
              {["bot", "open"].includes(session.status) && (
                <button type="button" onClick={() => void act({ kind: "take" })}>
                  Take (t)
                </button>
              )}
              {session.status !== "resolved" && (
                <>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => setForm(form === "transfer" ? null : "transfer")}
                  >
                    Transfer
                  </button>
                  {!session.escalated && (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setForm(form === "escalate" ? null : "escalate")}
                    >
                      Escalate
                    </button>
                  )}
                  <button type="button" onClick={() => void act({ kind: "resolve" })}>
                    Resolve (r)
                  </button>
                </>
              )}
            </div>
          </header>
          {form && <ActionForm kind={form} onAct={act} onCancel={() => setForm(null)} />}
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
          <div
            class="log"
            ref={log}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling transcript must be reachable by keyboard (axe: scrollable-region-focusable)
            tabIndex={0}
            role="log"
            aria-live="polite"
            aria-label="Transcript"
          >
            <ol>
              {state.messages.map((m) => (
                <Message message={m} />
              ))}
            </ol>
          </div>
          <p class="typing" aria-live="polite">
            {typing
              ? `${typing.role === "customer" ? "The customer" : (typing.name ?? "Someone")} is typing…`
              : ""}
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
              <label for="composer" class="visually-hidden">
                {mode === "note" ? "Internal note, for agents only" : "Reply to the customer"}
              </label>
              <textarea
                id="composer"
                ref={input}
                rows={3}
                placeholder={
                  mode === "note"
                    ? "Only agents see notes"
                    : mine
                      ? "Write a reply"
                      : "Take the chat, or reply as a colleague"
                }
                onKeyDown={keys}
                onInput={typed}
              />
              <button type="submit">{mode === "note" ? "Add note" : "Send"}</button>
            </form>
          )}
          {state.earlier.length > 0 && (
            <section class="earlier" aria-label="The customer's earlier sessions">
              <h3>Earlier sessions of this customer</h3>
              <ul>
                {state.earlier.map((s) => (
                  <li>
                    <button type="button" class="link" onClick={() => onOpen(s.id)}>
                      {new Date(s.created_at).toLocaleString()}: {s.status}
                      {s.last_message ? `, “${s.last_message.content.slice(0, 60)}”` : ""}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}

function ActionForm({
  kind,
  onAct,
  onCancel,
}: {
  kind: "escalate" | "transfer";
  onAct: (action: Action) => void;
  onCancel: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [to, setTo] = useState<"agent" | "team">("agent");
  useEffect(() => field.current?.focus(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = field.current?.value.trim() ?? "";
    if (!value) return;
    if (kind === "escalate") onAct({ kind: "escalate", reason: value });
    else
      onAct(
        to === "agent" ? { kind: "transfer", agentId: value } : { kind: "transfer", teamId: value },
      );
  };
  return (
    <form
      class="action-form"
      onSubmit={submit}
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && onCancel()}
    >
      {kind === "transfer" && (
        <label>
          To
          <select
            onChange={(e: Event) =>
              setTo((e.target as HTMLSelectElement).value as "agent" | "team")
            }
          >
            <option value="agent">an agent</option>
            <option value="team">a team's queue</option>
          </select>
        </label>
      )}
      <label>
        {kind === "escalate" ? "Why escalate?" : to === "agent" ? "Agent id" : "Team id"}
        <input ref={field} required />
      </label>
      <button type="submit">{kind === "escalate" ? "Escalate" : "Transfer"}</button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function Message({ message }: { message: WireMessage }) {
  const internal = message.visibility === "internal";
  const author =
    message.author_type === "customer"
      ? "Customer"
      : message.author_type === "system"
        ? "System"
        : (message.author_name ?? (message.author_type === "bot" ? "Assistant" : "Agent"));
  return (
    <li class={`message ${message.author_type}${internal ? " internal" : ""}`}>
      <span class="author">
        {author}
        {internal && <strong class="tag"> · Internal note</strong>}
      </span>
      <p>{message.content}</p>
      {message.sources?.length ? (
        <p class="sources">Sources: {message.sources.map((s) => s.title).join("; ")}</p>
      ) : null}
      <time class="meta" dateTime={message.timestamp}>
        {new Date(message.timestamp).toLocaleTimeString()}
      </time>
    </li>
  );
}
