import type { InferResponseType } from "hono/client";
import type { Child } from "hono/jsx";
import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import type { Action } from "./conversation";
import { loadText } from "./names";
import { problemText } from "./problem";

type Targets = InferResponseType<
  RestClient["sessions"][":session_id"]["transfer-targets"]["$get"],
  200
>;

/** Past this many, a field narrows the list by name. */
const FILTER_FROM = 8;

/**
 * Whom to hand the conversation to, by name: the people who could take it (available first, with
 * their status and load) and the other teams' queues. Sends the id and the name it showed.
 */
export function TransferPicker({
  api,
  sessionId,
  busy,
  onAct,
  onCancel,
}: {
  api: RestClient;
  sessionId: string;
  /** An action of the conversation's is on its way: the form waits for it. */
  busy: boolean;
  onAct: (action: Action) => void;
  onCancel: () => void;
}) {
  const [targets, setTargets] = useState<Targets | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    api.sessions[":session_id"]["transfer-targets"]
      .$get({ param: { session_id: sessionId } })
      .then(async (response) => {
        if (response.status === 200) setTargets(await response.json());
        else setError(await problemText(response));
      })
      .catch(() => setError("Who could take it cannot be read right now."));
  }, [sessionId]);
  // Into the list once it is there: the filter if there is one, else the first choice.
  useEffect(() => form.current?.querySelector("input")?.focus(), [targets]);

  const shown = (name: string) => name.toLocaleLowerCase().includes(filter.toLocaleLowerCase());
  const agents = (targets?.agents ?? []).filter((a) => shown(a.name ?? a.id));
  const teams = (targets?.teams ?? []).filter((t) => shown(t.name));
  const total = (targets?.agents.length ?? 0) + (targets?.teams.length ?? 0);

  const submit = (event: Event) => {
    event.preventDefault();
    const agent = targets?.agents.find((a) => `agent:${a.id}` === chosen);
    const team = targets?.teams.find((t) => `team:${t.id}` === chosen);
    if (agent) onAct({ kind: "transfer", agentId: agent.id, agentName: agent.name ?? undefined });
    else if (team) onAct({ kind: "transfer", teamId: team.id });
  };
  return (
    <form
      ref={form}
      class="action-form transfer"
      onSubmit={submit}
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && onCancel()}
    >
      {error && <p role="alert">{error}</p>}
      {!targets && !error && <p>Finding who could take it…</p>}
      {targets && total === 0 && <p>Nobody else could take it, and there is no other team.</p>}
      {targets && total > FILTER_FROM && (
        <label class="filter">
          Find a person or team
          <input
            type="search"
            value={filter}
            onInput={(e: Event) => setFilter((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
      {targets && total > 0 && (
        <div role="radiogroup" aria-label="Transfer to">
          {agents.length > 0 && <h3>People</h3>}
          {agents.map((agent) => (
            <Target
              value={`agent:${agent.id}`}
              name={agent.name ?? agent.id}
              chosen={chosen}
              onChoose={setChosen}
            >
              <span class={`availability ${agent.status}`}>{agent.status}</span>
              <span class="detail">
                {/* Known by the id a team was given: their name comes with their first sign-in. */}
                {agent.name === null
                  ? "never signed in"
                  : loadText(agent.assigned, agent.effective_capacity)}
              </span>
            </Target>
          ))}
          {teams.length > 0 && <h3>Teams' queues</h3>}
          {teams.map((team) => (
            <Target value={`team:${team.id}`} name={team.name} chosen={chosen} onChoose={setChosen}>
              <span class="detail">its queue, routed from there</span>
            </Target>
          ))}
        </div>
      )}
      <button type="submit" disabled={!chosen || busy}>
        {busy ? "Transferring…" : "Transfer"}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function Target({
  value,
  name,
  chosen,
  onChoose,
  children,
}: {
  value: string;
  name: string;
  chosen: string | null;
  onChoose: (value: string) => void;
  children?: Child;
}) {
  return (
    <label class="target">
      <input
        type="radio"
        name="transfer-target"
        value={value}
        checked={chosen === value}
        onChange={() => onChoose(value)}
      />
      <bdi>{name}</bdi>
      {children}
    </label>
  );
}
