import type { LabelRef } from "./labels";

/**
 * Labels as chips: the colour as a dot beside the name, the name as isolated text (<bdi>), never
 * HTML, whole in its tooltip (a long one is cut in the chip); `onRemove` adds a button to take each off.
 */
export function LabelChips({
  labels,
  onRemove,
}: {
  labels: LabelRef[];
  onRemove?: (label: LabelRef) => void;
}) {
  if (!labels.length) return null;
  return (
    <span class="label-chips">
      {labels.map((label) => (
        <span class="label-chip" title={label.name}>
          <span class="dot" style={{ background: label.colour }} aria-hidden="true" />
          <bdi>{label.name}</bdi>
          {onRemove && (
            <button
              type="button"
              class="remove"
              aria-label={`Remove label ${label.name}`}
              onClick={() => onRemove(label)}
            >
              ×
            </button>
          )}
        </span>
      ))}
    </span>
  );
}
