import type { DeskState } from "./desk";
import { loadText, roleName } from "./names";

interface Props {
  state: DeskState;
  onToggleAway: () => void;
  onShortcuts: () => void;
  onSearch: () => void;
  onSignOut: () => void;
}

/** The console's top bar: the connection, who is signed in, an agent's availability and load. */
export function DeskHeader({ state, onToggleAway, onShortcuts, onSearch, onSignOut }: Props) {
  const { me, signedIn } = state;
  const away = me?.chosen_status === "away";
  return (
    <header class="top">
      <h1>Support console</h1>
      <span class={`connection ${state.connection}`} role="status">
        {state.connection === "live" ? (
          "Live"
        ) : state.connection === "connecting" ? (
          "Connecting…"
        ) : (
          <>
            Offline<span class="detail">: reconnecting</span>
          </>
        )}
      </span>
      {signedIn && (
        <div class="me">
          <span class="identity">
            <span class="who-am-i">
              <bdi>{signedIn.name ?? signedIn.id}</bdi> ({roleName(signedIn.role)})
            </span>
            {me && <span class="load">{loadText(me.assigned, me.effective_capacity)}</span>}
          </span>
          {me && (
            <button type="button" aria-pressed={String(!away)} onClick={onToggleAway}>
              {away ? "Away: get no new chats" : "Available for chats"}
            </button>
          )}
        </div>
      )}
      <button type="button" class="secondary" onClick={onSearch}>
        Search
      </button>
      <button type="button" class="secondary shortcuts-toggle" onClick={onShortcuts}>
        Shortcuts
      </button>
      <button type="button" class="secondary sign-out" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
