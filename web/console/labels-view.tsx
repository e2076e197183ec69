import { useMemo, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { LabelChips } from "./label-chips";
import { type Label, PALETTE } from "./labels";
import { settle, UNREACHED_READ } from "./problem";
import { Unread, useRead } from "./unread";

/** Admins and supervisors keep the desk's labels: add one, rename or recolour it, remove it. */
export function LabelsView({ api }: { api: RestClient }) {
  const read = useMemo(
    () => () =>
      settle<{ labels: Label[] }>(api.labels.$get(), 200, UNREACHED_READ).then((o) =>
        "value" in o ? { value: o.value.labels } : o,
      ),
    [api],
  );
  const { value: labels, unread, reload } = useRead(read);
  // Where a removal failed: said beside its row, where the agent is looking.
  const [refused, setRefused] = useState<{ id: string; problem: string } | null>(null);

  /** Answers why the label was not saved, or null when it was. */
  const save = async (label: Label | null, name: string, colour: string) => {
    const json = { name, colour };
    const outcome = await (label
      ? settle(api.labels[":label_id"].$put({ param: { label_id: label.id }, json }), 200)
      : settle(api.labels.$post({ json }), 201));
    if ("problem" in outcome) return outcome.problem;
    reload();
    return null;
  };
  const remove = async (label: Label) => {
    if (!confirm(`Remove the label "${label.name}" from every conversation?`)) return;
    const outcome = await settle(
      api.labels[":label_id"].$delete({ param: { label_id: label.id } }),
      204,
    );
    setRefused("problem" in outcome ? { id: label.id, problem: outcome.problem } : null);
    reload();
  };

  return (
    <section class="labels-view" aria-label="Labels">
      <h2>Labels</h2>
      <p class="muted">Agents put them on conversations; customers never see them.</p>
      <LabelForm key="new" submit="Add label" onSave={(name, colour) => save(null, name, colour)} />
      <Unread problem={unread} reload={reload} />
      {labels === null && !unread && <p role="status">Reading the labels…</p>}
      {labels?.length === 0 && <p class="muted">No labels yet.</p>}
      <ul class="label-list">
        {labels?.map((label) => (
          <li>
            <LabelChips labels={[label]} />
            <LabelForm
              key={label.id}
              label={label}
              submit="Save"
              onSave={(name, colour) => save(label, name, colour)}
            />
            <button type="button" class="secondary" onClick={() => void remove(label)}>
              Remove
            </button>
            {refused?.id === label.id && (
              <p class="problem" role="alert">
                {refused.problem}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LabelForm({
  label,
  submit,
  onSave,
}: {
  label?: Label;
  submit: string;
  onSave: (name: string, colour: string) => Promise<string | null>;
}) {
  const [name, setName] = useState(label?.name ?? "");
  const [colour, setColour] = useState(label?.colour ?? PALETTE[5]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const group = `colour-${label?.id ?? "new"}`;
  const problemId = `${group}-problem`;
  return (
    <form
      class="label-form"
      aria-busy={busy}
      onSubmit={async (e: Event) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        setProblem(null);
        const refused = await onSave(name, colour);
        setBusy(false);
        setProblem(refused);
        // A new label's name is cleared once it is added; a refused one stays to be corrected.
        if (!refused && !label) setName("");
      }}
    >
      <input
        aria-label={label ? `Name of ${label.name}` : "New label's name"}
        maxLength={40}
        required
        value={name}
        placeholder="Name"
        onInput={(e: Event) => setName((e.target as HTMLInputElement).value)}
        aria-invalid={problem ? "true" : undefined}
        aria-describedby={problem ? problemId : undefined}
      />
      <fieldset class="palette">
        <legend class="visually-hidden">Colour</legend>
        {PALETTE.map((c) => (
          <label class="swatch" style={{ background: c }} title={c}>
            <input
              type="radio"
              name={group}
              value={c}
              checked={c === colour}
              aria-label={c}
              onChange={() => setColour(c)}
            />
          </label>
        ))}
      </fieldset>
      <button type="submit">{busy ? "Saving…" : submit}</button>
      {problem && (
        <p class="problem" role="alert" id={problemId}>
          {problem}
        </p>
      )}
    </form>
  );
}
