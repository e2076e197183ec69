import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import { ConversationView } from "./conversation-view";
import { Dashboard } from "./dashboard";
import { Desk, type DeskState, isAdmin, isSupervisor, type Row, type View } from "./desk";
import { DeskHeader } from "./desk-header";
import { ExportButton } from "./export-button";
import { clock, useReconnect } from "./hooks";
import { LabelFilter } from "./label-filter";
import { LabelsView } from "./labels-view";
import { QueueList, steadyOrder } from "./queue-list";
import { SavedRepliesView } from "./saved-replies-view";
import { SearchView } from "./search-view";
import { TeamView } from "./team-view";
import { WebhooksView } from "./webhooks-view";

/** Where the console shows one pane at a time (desk.css's breakpoint). */
const PHONE = "(max-width: 720px)";

type Tab = View | "team" | "dashboard" | "webhooks" | "labels" | "replies" | "search";
/**
 * The views; some are for supervisors (and admins), some for admins only, and "Mine" for those who
 * hold chats (an admin never does).
 */
const TABS: {
  tab: Tab;
  label: string;
  key: string;
  for?: "supervisors" | "admins" | "holders";
}[] = [
  { tab: "waiting", label: "Waiting", key: "1" },
  { tab: "mine", label: "Mine", key: "2", for: "holders" },
  { tab: "all", label: "All", key: "3" },
  { tab: "team", label: "Team", key: "4", for: "supervisors" },
  { tab: "dashboard", label: "Dashboard", key: "5", for: "supervisors" },
  { tab: "webhooks", label: "Webhooks", key: "6", for: "admins" },
  { tab: "labels", label: "Labels", key: "7", for: "supervisors" },
  { tab: "replies", label: "Saved replies", key: "8", for: "supervisors" },
];

/** The shortcuts besides the views' keys (which come from TABS, as the signed-in person has them). */
const SHORTCUTS: [string, string][] = [
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
  const [held, setHeld] = useState(false);
  const shown = useRef<string[]>([]);
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

  const allowed = (t: (typeof TABS)[number]) =>
    !t.for ||
    (t.for === "supervisors"
      ? isSupervisor(state.signedIn)
      : t.for === "admins"
        ? isAdmin(state.signedIn)
        : !isAdmin(state.signedIn));
  const list = tab === "waiting" || tab === "mine" || tab === "all" ? tab : null;
  // The search lists conversations too: one opens beside the results.
  const listing = list !== null || tab === "search";
  const sorted: Row[] = list ? state.rows[list] : [];
  const rows = held ? steadyOrder(sorted, shown.current) : sorted;
  shown.current = rows.map((row) => row.id);
  const selected = rows[Math.min(cursor, rows.length - 1)];
  const away = state.me?.chosen_status === "away";

  const claim = async () => {
    const id = await desk.claimNext();
    if (id) setOpenId(id);
  };
  const toggleAway = () => state.me && void desk.setStatus(away ? "online" : "away");
  const show = (next: Tab) => {
    setTab(next);
    setCursor(0);
    setHeld(false); // another list: it keeps its own order from the pointer's next move
  };

  // On a phone the views scroll sideways: the one shown by a key is brought into sight.
  useEffect(() => {
    document
      .querySelector('.views .tab[aria-current="page"]')
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [tab]);

  // One listener for the page's life; it calls the handler of the latest render (never a stale one).
  const onKey = useRef<(event: KeyboardEvent) => void>(() => {});
  onKey.current = (event) => {
    if (event.key === "Escape") setHelp(false);
    if (typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = TABS.find((t) => t.key === event.key && allowed(t));
    if (target) show(target.tab);
    else if (event.key === "j") setCursor(Math.min(cursor + 1, Math.max(rows.length - 1, 0)));
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

  const reading = listing && openId !== null;
  return (
    <div class={reading ? "desk reading" : "desk"}>
      <DeskHeader
        state={state}
        onToggleAway={toggleAway}
        onShortcuts={() => setHelp(!help)}
        onSearch={() => {
          show("search");
          // On a phone the open conversation takes the whole screen: the search would stay hidden.
          if (matchMedia(PHONE).matches) setOpenId(null);
        }}
        onSignOut={onSignOut}
      />
      {state.notice && (
        <p class="notice" role="alert">
          {state.notice}{" "}
          <button type="button" class="link" onClick={() => desk.dismissNotice()}>
            Dismiss
          </button>
        </p>
      )}
      {help && <Shortcuts tabs={TABS.filter(allowed)} onClose={() => setHelp(false)} />}
      <nav class="views" aria-label="Views">
        {TABS.filter(allowed).map((t) => (
          <button
            type="button"
            class="tab"
            aria-current={tab === t.tab ? "page" : undefined}
            onClick={() => show(t.tab)}
          >
            {t.label}
            {t.tab === "waiting" || t.tab === "mine" ? ` (${state.rows[t.tab].length})` : ""}
          </button>
        ))}
        {list && <LabelFilter desk={desk} label={state.label} labels={state.labels ?? []} />}
        {list && isSupervisor(state.signedIn) && (
          <ExportButton label="Export CSV" read={() => desk.exportList(list)} />
        )}
        {!isAdmin(state.signedIn) && (
          <button type="button" class="claim" onClick={() => void claim()}>
            Claim next
          </button>
        )}
      </nav>
      <div class={listing ? `panes${reading ? " reading" : ""}` : "panes single"}>
        {tab === "team" ? (
          <TeamView desk={desk} teams={state.teams} waiting={state.rows.waiting} />
        ) : tab === "dashboard" ? (
          <Dashboard desk={desk} teams={state.teams} />
        ) : tab === "webhooks" ? (
          <WebhooksView api={desk.api} />
        ) : tab === "search" ? (
          <SearchView api={desk.api} teams={state.teams} openId={openId} onOpen={setOpenId} />
        ) : tab === "labels" ? (
          <LabelsView api={desk.api} />
        ) : tab === "replies" ? (
          <SavedRepliesView api={desk.api} teams={state.teams} />
        ) : (
          <QueueList
            view={tab}
            rows={rows}
            teams={state.teams}
            cursor={cursor}
            openId={openId}
            now={now}
            onOpen={(index, id) => {
              setCursor(index);
              setOpenId(id);
            }}
            onHold={setHeld}
          />
        )}
        {listing &&
          (openId ? (
            <ConversationView
              key={openId}
              api={desk.api}
              token={desk.token}
              id={openId}
              me={state.me}
              teams={state.teams}
              labels={state.labels}
              onOpen={setOpenId}
              onBack={() => setOpenId(null)}
              onChanged={() => desk.refreshSoon()}
              onSessionChange={(listener) => desk.onSessionChange(listener)}
              command={command}
            />
          ) : (
            <p class="placeholder">
              <span>Open a conversation from the list,</span>
              <span>
                or take the next one with <kbd>c</kbd>.
              </span>
            </p>
          ))}
      </div>
    </div>
  );
}

function Shortcuts({ tabs, onClose }: { tabs: typeof TABS; onClose: () => void }) {
  const views = tabs.map((t): [string, string] => [t.key, `Show ${t.label}`]);
  return (
    <section class="shortcuts" aria-label="Keyboard shortcuts">
      <h2>Keyboard shortcuts</h2>
      <dl>
        {[...views, ...SHORTCUTS].map(([keys, what]) => (
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
