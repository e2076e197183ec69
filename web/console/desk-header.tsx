import type { DeskState } from "./desk";
import { loadText, roleName } from "./names";

interface Props {
  state: DeskState;
  onToggleAway: () => void;
  onShortcuts: () => void;
  onSignOut: () => void;
}

/** The console's top bar: the connection, who is signed in, their availability and load. */
export function DeskHeader({ state, onToggleAway, onShortcuts, onSignOut }: Props) {
  const { me } = state;
  const away = me?.chosen_status === "away";
  return (
    <header class="top">
      <h1>Support console</h1>
      <span class={`connection ${state.connection}`} role="status">
        {state.connection === "live"
          ? "Live"
          : state.connection === "connecting"
            ? "Connecting…"
            : "Offline: reconnecting"}
      </span>
      {me && (
        <div class="me">
          <span class="identity">
            <span class="who-am-i">
              <bdi>{me.name ?? me.id}</bdi> ({roleName(me.role)})
            </span>
            <span class="load">{loadText(me.assigned, me.effective_capacity)}</span>
          </span>
          <button type="button" aria-pressed={String(!away)} onClick={onToggleAway}>
            {away ? "Away: get no new chats" : "Available for chats"}
          </button>
        </div>
      )}
      <button type="button" class="secondary shortcuts-toggle" onClick={onShortcuts}>
        Shortcuts
      </button>
      <button type="button" class="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
