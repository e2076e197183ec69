import { useEffect, useRef } from "hono/jsx/dom";
import type { Action } from "./conversation";

/** Why the conversation goes to a supervisor (an internal note; required). */
export function EscalateForm({
  busy,
  onAct,
  onCancel,
}: {
  /** An action of the conversation's is on its way: the form waits for it. */
  busy: boolean;
  onAct: (action: Action) => void;
  onCancel: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    const reason = field.current?.value.trim() ?? "";
    if (reason) onAct({ kind: "escalate", reason });
  };
  return (
    <form
      class="action-form"
      onSubmit={submit}
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && onCancel()}
    >
      <label>
        Why escalate?
        <input ref={field} required maxLength={1000} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Escalating…" : "Escalate"}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
