import { useEffect, useState } from "hono/jsx/dom";
import type { Desk } from "./desk";
import { type Label, readLabels } from "./labels";

/** Narrows the lists to the sessions carrying one label. */
export function LabelFilter({ desk, label }: { desk: Desk; label: string | null }) {
  const [labels, setLabels] = useState<Label[]>([]);
  useEffect(() => {
    void readLabels(desk.api).then(setLabels);
  }, [desk]);
  if (!labels.length) return null;
  return (
    <label class="label-filter">
      <span class="visually-hidden">Filter by label</span>
      <select
        value={label ?? ""}
        onChange={(e: Event) => desk.filterByLabel((e.target as HTMLSelectElement).value || null)}
      >
        <option value="">All labels</option>
        {labels.map((l) => (
          <option value={l.id} selected={l.id === label}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
