import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import { ConversationView } from "./conversation-view";
import { Desk, type DeskState, isSupervisor, type Row, type View } from "./desk";
import { clock, sinceText, untilText, useReconnect } from "./hooks";
import { Dashboard, TeamView } from "./supervisor";

type Tab = View | "team" | "dashboard";
const TABS: { tab: Tab; label: string; key: string; supervisors?: true }[] = [
  { tab: "waiting", label: "Waiting", key: "1" },
  { tab: "mine", label: "Mine", key: "2" },
  { tab: "all", label: "All", key: "3" },
  { tab: "team", label: "Team", key: "4", supervisors: true },
  { tab: "dashboard", label: "Dashboard", key: "5", supervisors: true },
];

export const SHORTCUTS: [string, string][] = [
  ["1 to 5", "Waiting, Mine, All, Team, Dashboard"],
  ["j / k", "Next / previous session in the list"],
  ["Enter", "Open the selected session"],
  ["c", "Claim the next waiting session"],
  ["t", "Take the open session"],
  ["r", "Resolve the open session"],
  ["n", "Write an internal note"],
  ["/", "Write to the customer"],
  ["a", "Toggle available / away"],
  ["?", "Show these shortcuts"],
];

/** Shortcuts are off while the agent types in a field. */
const typingInField = (event: KeyboardEvent) =>
  event.target instanceof HTMLElement &&
  (["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName) ||
    event.target.isContentEditable);

export function DeskView({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const desk = useMemo(() => new Desk(token, onSignOut), [token]);
  const [state, setState] = useState<DeskState>(desk.state);
  const [tab, setTab] = useState<Tab>("waiting");
  const [cursor, setCursor] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const command = useRef<(key: string) => void>(() => {});
  const now = clock();

  useEffect(() => {
    const unsubscribe = desk.subscribe(setState);
    void desk.start();
    return () => {
      unsubscribe();
      desk.stop();
    };
  }, [desk]);
  useReconnect(desk);

  const supervisor = isSupervisor(state.me);
  const rows: Row[] = tab === "waiting" || tab === "mine" || tab === "all" ? state.rows[tab] : [];
  const selected = rows[Math.min(cursor, rows.length - 1)];
  const away = state.me?.chosen_status === "away";

  const claim = async () => {
    const id = await desk.claimNext();
    if (id) setOpenId(id);
  };
  const toggleAway = () => void desk.setStatus(away ? "online" : "away");

  // One listener for the page's life; it calls the handler of the latest render (never a stale one).
  const onKey = useRef<(event: KeyboardEvent) => void>(() => {});
  onKey.current = (event) => {
    if (event.key === "Escape") setHelp(false);
    if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = TABS.find((t) => t.key === event.key && (!t.supervisors || supervisor));
    if (target) {
      setTab(target.tab);
      setCursor(0);
    } else if (event.key === "j") setCursor(Math.min(cursor + 1, Math.max(rows.length - 1, 0)));
    else if (event.key === "k") setCursor(Math.max(cursor - 1, 0));
    else if (event.key === "Enter" && selected) setOpenId(selected.id);
    else if (event.key === "c") void claim();
    else if (event.key === "a") toggleAway();
    else if (event.key === "?") setHelp(!help);
    else if (["t", "r", "n", "/"].includes(event.key)) command.current(event.key);
    else return;
    event.preventDefault();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  return (
    <div class="desk">
      <header class="top">
        <h1>Support console</h1>
        <span class={`connection ${state.connection}`} role="status">
          {state.connection === "live"
            ? "Live"
            : state.connection === "connecting"
              ? "Connecting…"
              : "Offline: reconnecting"}
        </span>
        {state.me && (
          <div class="me">
            <span>
              {state.me.name ?? state.me.id} ({roleName(state.me.role)})
            </span>
            <button type="button" aria-pressed={String(!away)} onClick={toggleAway}>
              {away ? "Away: get no new chats" : "Available for chats"}
            </button>
            <span class="load">
              {state.me.assigned} {state.me.capacity === null ? "" : `of ${state.me.capacity} `}
              {state.me.assigned === 1 ? "chat" : "chats"}
            </span>
          </div>
        )}
        <button type="button" class="secondary" onClick={() => setHelp(!help)}>
          Shortcuts
        </button>
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {state.notice && (
        <p class="notice" role="alert">
          {state.notice}{" "}
          <button type="button" class="link" onClick={() => desk.dismissNotice()}>
            Dismiss
          </button>
        </p>
      )}
      {help && <Shortcuts onClose={() => setHelp(false)} />}
      <nav aria-label="Views">
        {TABS.filter((t) => !t.supervisors || supervisor).map((t) => (
          <button
            type="button"
            class="tab"
            aria-current={tab === t.tab ? "page" : undefined}
            onClick={() => {
              setTab(t.tab);
              setCursor(0);
            }}
          >
            {t.label}
            {t.tab === "waiting" || t.tab === "mine" ? ` (${state.rows[t.tab].length})` : ""}
          </button>
        ))}
        <button type="button" onClick={() => void claim()}>
          Claim next
        </button>
      </nav>
      <div class={tab === "team" || tab === "dashboard" ? "panes single" : "panes"}>
        {tab === "team" ? (
          <TeamView desk={desk} />
        ) : tab === "dashboard" ? (
          <Dashboard desk={desk} />
        ) : (
          <section class="queue" aria-label={`${tab} sessions`}>
            {rows.length === 0 && <p class="empty">Nothing here right now.</p>}
            <ul>
              {rows.map((row, index) => (
                <li>
                  <button
                    type="button"
                    class={`row${index === cursor ? " selected" : ""}${row.id === openId ? " open" : ""}`}
                    aria-current={row.id === openId ? "true" : undefined}
                    onClick={() => {
                      setCursor(index);
                      setOpenId(row.id);
                    }}
                  >
                    <span class="who">{row.customer?.name ?? "Visitor"}</span>
                    <span class={`status ${row.status}`}>{row.status}</span>
                    {row.unread > 0 && (
                      <span class="unread">
                        {row.unread}
                        <span class="visually-hidden"> unread</span>
                      </span>
                    )}
                    <span class="preview">{row.last_message?.content ?? ""}</span>
                    <span class="meta">
                      {row.priority && row.priority !== "normal" ? `${row.priority} · ` : ""}
                      {row.escalated ? "escalated · " : ""}
                      {row.team_id ? `${row.team_id} · ` : ""}
                      {row.status === "open"
                        ? `waiting ${sinceText(row.handoff_at ?? row.created_at, now)}`
                        : `active ${sinceText(row.updated_at, now)}`}
                    </span>
                    {row.due_at && row.status !== "resolved" && (
                      <span class={`due${Date.parse(row.due_at) < now ? " late" : ""}`}>
                        {dueText(row.due_at, row.due_kind ?? null, now)}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {openId && tab !== "team" && tab !== "dashboard" && (
          <ConversationView
            key={openId}
            api={desk.api}
            id={openId}
            me={state.me}
            onOpen={setOpenId}
            onChanged={() => desk.refreshSoon()}
            command={command}
          />
        )}
      </div>
    </div>
  );
}

function Shortcuts({ onClose }: { onClose: () => void }) {
  return (
    <section class="shortcuts" aria-label="Keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

function dueText(dueAt: string, kind: string | null, now: number): string {
  const what = kind === "next_response" ? "Reply" : "First reply";
  return Date.parse(dueAt) < now
    ? `${what} overdue by ${sinceText(dueAt, now)}`
    : `${what} due in ${untilText(dueAt, now)}`;
}

export function roleName(role: string): string {
  return role === "service_agent" ? "agent" : role;
}
