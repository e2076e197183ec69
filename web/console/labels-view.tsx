import { useEffect, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { LabelChips } from "./label-chips";
import { type Label, PALETTE, readLabels } from "./labels";
import { problemText } from "./problem";

/** Admins and supervisors keep the desk's labels: add one, rename or recolour it, remove it. */
export function LabelsView({ api }: { api: RestClient }) {
  const [labels, setLabels] = useState<Label[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => void readLabels(api).then(setLabels);
  useEffect(reload, [api]);

  /** Answers whether the label was saved. */
  const save = async (label: Label | null, name: string, colour: string) => {
    const json = { name, colour };
    const response = await (label
      ? api.labels[":label_id"].$put({ param: { label_id: label.id }, json })
      : api.labels.$post({ json })
    ).catch(() => null);
    if (!response) {
      setProblem("The service cannot be reached; nothing was changed.");
      return false;
    }
    if (response.status >= 300) {
      setProblem(await problemText(response));
      return false;
    }
    setProblem(null);
    reload();
    return true;
  };
  const remove = async (label: Label) => {
    if (!confirm(`Remove the label "${label.name}" from every conversation?`)) return;
    const response = await api.labels[":label_id"]
      .$delete({ param: { label_id: label.id } })
      .catch(() => null);
    if (response?.status !== 204) setProblem("The label could not be removed.");
    reload();
  };

  return (
    <section class="labels-view" aria-label="Labels">
      <h2>Labels</h2>
      <p class="muted">Agents put them on conversations; customers never see them.</p>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <LabelForm key="new" submit="Add label" onSave={(name, colour) => save(null, name, colour)} />
      {labels === null && <p role="status">Reading the labels…</p>}
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
  onSave: (name: string, colour: string) => Promise<boolean>;
}) {
  const [name, setName] = useState(label?.name ?? "");
  const [colour, setColour] = useState(label?.colour ?? PALETTE[5]);
  const group = `colour-${label?.id ?? "new"}`;
  return (
    <form
      class="label-form"
      onSubmit={(e: Event) => {
        e.preventDefault();
        // A new label's name is cleared once it is added; a refused one stays to be corrected.
        void onSave(name, colour).then((saved) => saved && !label && setName(""));
      }}
    >
      <input
        aria-label={label ? `Name of ${label.name}` : "New label's name"}
        maxLength={40}
        required
        value={name}
        placeholder="Name"
        onInput={(e: Event) => setName((e.target as HTMLInputElement).value)}
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
      <button type="submit">{submit}</button>
    </form>
  );
}
