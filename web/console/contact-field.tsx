import type { Child } from "hono/jsx";
import { useEffect, useRef, useState } from "hono/jsx/dom";

interface Props {
  /** What the field is, in words ("Name"): the edit button and the input are named by it. */
  label: string;
  value: string | null;
  type: "text" | "email";
  maxLength: number;
  /** Saves the value; answers what the service said was wrong, or null once it kept it. */
  onSave: (value: string) => Promise<string | null>;
  /** The value as shown while not editing. */
  children: Child;
}

/**
 * A field the agent changes in place: the value shows as the service keeps it, never as typed, until
 * the service has accepted the change; a refusal keeps the form open with what was typed and why.
 */
export function ContactField({ label, value, type, maxLength, onSave, children }: Props) {
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const edit = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (editing) input.current?.focus();
    else if (wasEditing.current) edit.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  // A refusal gives the field back its focus (saving had disabled it), to correct or leave.
  useEffect(() => {
    if (problem) input.current?.focus();
  }, [problem]);

  const stop = () => {
    setProblem(null);
    setEditing(false);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (draft.trim() === (value ?? "")) return stop();
    setSaving(true);
    const refused = await onSave(draft);
    setSaving(false);
    if (refused) setProblem(refused);
    else stop();
  };

  if (!editing) {
    return (
      <div class="field">
        {children}
        <button
          type="button"
          class="link edit"
          ref={edit}
          aria-label={`Edit ${label.toLowerCase()}`}
          onClick={() => {
            setDraft(value ?? "");
            setEditing(true);
          }}
        >
          Edit
        </button>
      </div>
    );
  }
  const id = `contact-${label.toLowerCase()}`;
  return (
    // The service decides what is valid (its problem is shown), not the browser's own bubble.
    <form
      noValidate
      class="field editing"
      onSubmit={(e: Event) => void submit(e)}
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && !saving && stop()}
    >
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        ref={input}
        type={type}
        dir="auto"
        value={draft}
        onInput={(e: Event) => setDraft((e.target as HTMLInputElement).value)}
        maxLength={maxLength}
        disabled={saving}
        aria-invalid={problem ? "true" : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        placeholder="Empty clears it"
      />
      <button type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save"}
      </button>
      <button type="button" class="secondary" disabled={saving} onClick={stop}>
        Cancel
      </button>
      {problem && (
        <p class="problem" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
