import { useEffect, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { LabelChips } from "./label-chips";
import { asTheDeskHasThem, changeSessionLabel, type LabelRef } from "./labels";

export interface SessionLabelState {
  labels: LabelRef[];
  all: LabelRef[];
  problem: string | null;
  change: (labelId: string, put: boolean) => Promise<void>;
}

/**
 * The open conversation's labels (`known`: as the conversation read them and had them pushed), named
 * and coloured as the desk's labels (`desk`, kept live) are now, changed by the agent; the header and
 * the panel share them.
 */
export function useSessionLabels(
  api: RestClient,
  sessionId: string,
  onChanged: () => void,
  known: LabelRef[] | null,
  desk: LabelRef[] | null,
): SessionLabelState {
  const [labels, setLabels] = useState<LabelRef[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setLabels([]);
  }, [sessionId]);
  useEffect(() => {
    if (known) setLabels(known);
  }, [known]);
  const change = async (labelId: string, put: boolean) => {
    const answer = await changeSessionLabel(api, sessionId, labelId, put);
    if ("problem" in answer) return setProblem(answer.problem);
    setProblem(null);
    setLabels(answer.labels);
    onChanged();
  };
  return { labels: asTheDeskHasThem(labels, desk), all: desk ?? [], problem, change };
}

/** The labels in the conversation's header: a button on each to remove it, a picker to add one. */
export function SessionLabels({ state }: { state: SessionLabelState }) {
  const { labels, all, problem, change } = state;
  const addable = all.filter((label) => !labels.some((l) => l.id === label.id));
  // No bar at all where the desk keeps no labels.
  if (!labels.length && !addable.length && !problem) return null;
  return (
    <div class="session-labels">
      <LabelChips labels={labels} onRemove={(label) => void change(label.id, false)} />
      {addable.length > 0 && (
        <select
          aria-label="Add a label"
          onChange={(e: Event) => {
            const select = e.target as HTMLSelectElement;
            if (select.value) void change(select.value, true);
            select.value = "";
          }}
        >
          <option value="">+ Label</option>
          {addable.map((label) => (
            <option value={label.id}>{label.name}</option>
          ))}
        </select>
      )}
      {problem && (
        <span class="problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
