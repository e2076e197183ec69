import type { Desk } from "./desk";
import type { LabelRef } from "./labels";

/** Narrows the lists to the sessions carrying one label (`labels`: the desk's, kept live). */
export function LabelFilter({
  desk,
  label,
  labels,
}: {
  desk: Desk;
  label: string | null;
  labels: LabelRef[];
}) {
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
