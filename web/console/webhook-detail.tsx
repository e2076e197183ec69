import { useEffect, useRef, useState } from "hono/jsx/dom";
import { EndpointHealth, eventsText } from "./endpoint-summary";
import { timeText } from "./names";
import { WebhookLog } from "./webhook-log";
import type { Endpoint, EndpointWithSecret, ShownSecret, WebhookCalls } from "./webhooks";

interface Props {
  calls: WebhookCalls;
  endpoint: Endpoint;
  /** Its secret, when the service has just given it (created, rotated): shown this once. */
  secret: ShownSecret | null;
  onChanged: (endpoint: Endpoint) => void;
  onRotated: (endpoint: EndpointWithSecret) => void;
  onSecretDone: () => void;
  onDeleted: () => void;
  onBack: () => void;
  /** A delivery came to an end: the endpoint is read again (failing, or disabled by a 410). */
  onSettled: () => void;
  /** Says the result of an action in the view's live region. */
  tell: (words: string) => void;
}

/** One endpoint: what it receives, its health, its actions, its secret once, its delivery log. */
export function WebhookDetail(props: Props) {
  const { calls, endpoint, secret, tell } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  /** Bumped when a delivery was started here: the log reads itself again at once. */
  const [sent, setSent] = useState(0);
  const confirm = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (deleting) confirm.current?.focus();
  }, [deleting]);

  const act = async <T,>(
    work: () => Promise<{ value: T } | { problem: string }>,
    done: (value: T) => void,
  ) => {
    setBusy(true);
    setProblem(null);
    const outcome = await work();
    setBusy(false);
    if ("value" in outcome) done(outcome.value);
    else setProblem(outcome.problem);
  };
  const sendTest = () =>
    act(
      () => calls.sendTest(endpoint.id),
      () => {
        setSent(sent + 1);
        tell("Test event sent: follow it in the delivery log.");
      },
    );
  const setEnabled = (enabled: boolean) =>
    act(
      () => calls.setEnabled(endpoint, enabled),
      (changed) => {
        props.onChanged(changed);
        tell(enabled ? "Endpoint enabled." : "Endpoint disabled: it gets no events now.");
      },
    );
  const rotate = () => act(() => calls.rotate(endpoint.id), props.onRotated);
  const remove = () => act(() => calls.remove(endpoint.id), props.onDeleted);

  return (
    <section class="webhook-detail" aria-labelledby="endpoint-heading">
      <button type="button" class="link back" onClick={props.onBack}>
        Back to the endpoints
      </button>
      <h3 id="endpoint-heading">
        <bdi class="url">{endpoint.url}</bdi>
      </h3>
      {endpoint.description && (
        <p class="description" dir="auto">
          {endpoint.description}
        </p>
      )}
      <dl class="endpoint-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <EndpointHealth endpoint={endpoint} />
          </dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{eventsText(endpoint.events)}</dd>
        </div>
        <div>
          <dt>Internal notes</dt>
          <dd>{endpoint.include_internal ? "Included" : "Not sent"}</dd>
        </div>
        {endpoint.previous_secret_until && (
          <div>
            <dt>Previous secret</dt>
            <dd>Signs too until {timeText(endpoint.previous_secret_until)}</dd>
          </div>
        )}
      </dl>
      {secret && <SecretOnce secret={secret} onDone={props.onSecretDone} />}
      <div class="actions">
        <button type="button" disabled={busy || !endpoint.enabled} onClick={sendTest}>
          Send test event
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => setEnabled(!endpoint.enabled)}
        >
          {endpoint.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={rotate}>
          Rotate secret
        </button>
        <button
          type="button"
          class="secondary danger"
          disabled={busy}
          aria-expanded={deleting}
          onClick={() => setDeleting(true)}
        >
          Delete…
        </button>
      </div>
      {!endpoint.enabled && <p class="hint">Enable it to send a test event.</p>}
      {deleting && (
        <section class="confirm" aria-labelledby="delete-question">
          <p id="delete-question">
            Delete this endpoint and its delivery log? It gets no more events, and this cannot be
            undone.
          </p>
          <button type="button" class="danger" ref={confirm} disabled={busy} onClick={remove}>
            Delete for good
          </button>
          <button type="button" class="secondary" onClick={() => setDeleting(false)}>
            Keep it
          </button>
        </section>
      )}
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <WebhookLog
        calls={calls}
        endpointId={endpoint.id}
        sent={sent}
        tell={tell}
        onSettled={props.onSettled}
      />
    </section>
  );
}

/** A secret the service will never show again: in a field to copy, with a word saying so. */
function SecretOnce({ secret, onDone }: { secret: ShownSecret; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
    setCopied(false);
  }, [secret.secret]);
  const copy = async () => {
    field.current?.select();
    const done = await navigator.clipboard
      ?.writeText(secret.secret)
      .then(() => true)
      .catch(() => document.execCommand("copy"));
    setCopied(done ?? document.execCommand("copy"));
  };
  return (
    <section class="secret" aria-labelledby="secret-label">
      <label id="secret-label" for="endpoint-secret">
        {secret.rotated ? "The new signing secret" : "Signing secret"}
      </label>
      <div class="secret-field">
        <input
          id="endpoint-secret"
          ref={field}
          readOnly
          value={secret.secret}
          spellcheck={false}
          aria-describedby="secret-note"
        />
        <button type="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p id="secret-note">
        <strong>Shown only now:</strong> copy it into the receiving system, which verifies each
        delivery with it. It cannot be shown again; "Rotate secret" makes a new one.
        {secret.rotated && " The previous secret signs deliveries too for a while, as said above."}
      </p>
      <button type="button" class="secondary" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}
