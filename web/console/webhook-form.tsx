import { useEffect, useRef, useState } from "hono/jsx/dom";
import { type EndpointWithSecret, EVENT_NAMES, type WebhookCalls } from "./webhooks";

// Adding an endpoint: where to, what for, which events (all, or those ticked), internal notes or not.
// The service checks the URL; its refusal is shown under the form, with what was typed kept.

const TYPES = Object.keys(EVENT_NAMES) as (keyof typeof EVENT_NAMES)[];

interface Props {
  calls: WebhookCalls;
  onAdded: (endpoint: EndpointWithSecret) => void;
  onCancel: () => void;
}

export function WebhookForm({ calls, onAdded, onCancel }: Props) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [every, setEvery] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [internal, setInternal] = useState(false);
  const [saving, setSaving] = useState(false);
  /** What is wrong, and which field to correct (the URL, or the events ticked). */
  const [problem, setProblem] = useState<{ text: string; field: "url" | "events" } | null>(null);
  const urlField = useRef<HTMLInputElement>(null);
  const eventsField = useRef<HTMLFieldSetElement>(null);

  useEffect(() => urlField.current?.focus(), []);
  // A refusal gives its field the focus (saving had disabled the form), to correct it.
  useEffect(() => {
    if (problem?.field === "url") urlField.current?.focus();
    if (problem?.field === "events")
      eventsField.current?.querySelector<HTMLElement>("[type=checkbox]")?.focus();
  }, [problem]);

  const toggle = (type: string, on: boolean) =>
    setChosen(on ? [...chosen, type] : chosen.filter((t) => t !== type));
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!every && chosen.length === 0) {
      setProblem({ text: "Tick at least one event, or choose all events.", field: "events" });
      return;
    }
    setSaving(true);
    const created = await calls.create({
      url: url.trim(),
      ...(description.trim() && { description: description.trim() }),
      events: every ? [] : TYPES.filter((type) => chosen.includes(type)),
      include_internal: internal,
    });
    setSaving(false);
    if ("value" in created) onAdded(created.value);
    else setProblem({ text: created.problem, field: "url" });
  };

  const value = (e: Event) => (e.target as HTMLInputElement).value;
  const checked = (e: Event) => (e.target as HTMLInputElement).checked;
  return (
    <section class="webhook-detail" aria-labelledby="add-endpoint-heading">
      <button type="button" class="link back" onClick={onCancel}>
        Back to the endpoints
      </button>
      <h3 id="add-endpoint-heading">Add an endpoint</h3>
      <form class="webhook-form" onSubmit={submit} noValidate>
        <label for="endpoint-url">URL</label>
        <input
          id="endpoint-url"
          ref={urlField}
          type="url"
          inputMode="url"
          autocomplete="off"
          placeholder="https://crm.example.com/hooks/support"
          value={url}
          disabled={saving}
          aria-invalid={problem?.field === "url" ? "true" : undefined}
          aria-describedby={problem?.field === "url" ? "endpoint-problem url-hint" : "url-hint"}
          onInput={(e: Event) => setUrl(value(e))}
        />
        <p id="url-hint" class="hint">
          Where the events are POSTed: https, to a host the internet can reach.
        </p>
        <label for="endpoint-description">Description (optional)</label>
        <input
          id="endpoint-description"
          maxLength={500}
          value={description}
          disabled={saving}
          onInput={(e: Event) => setDescription(value(e))}
        />
        <fieldset ref={eventsField} disabled={saving}>
          <legend>Events</legend>
          <label class="choice">
            <input type="radio" name="events" checked={every} onChange={() => setEvery(true)} />
            All events, including those added later
          </label>
          <label class="choice">
            <input type="radio" name="events" checked={!every} onChange={() => setEvery(false)} />
            Only these:
          </label>
          {!every && (
            <ul class="event-types">
              {TYPES.map((type) => (
                <li>
                  <label class="choice">
                    <input
                      type="checkbox"
                      checked={chosen.includes(type)}
                      onChange={(e: Event) => toggle(type, checked(e))}
                    />
                    {EVENT_NAMES[type]} <code>{type}</code>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <label class="choice">
          <input
            type="checkbox"
            checked={internal}
            disabled={saving}
            onChange={(e: Event) => setInternal(checked(e))}
          />
          Include internal notes (agents' notes the customer never sees)
        </label>
        {problem && (
          <p id="endpoint-problem" class="notice" role="alert">
            {problem.text}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={saving}>
            {saving ? "Adding…" : "Add endpoint"}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
