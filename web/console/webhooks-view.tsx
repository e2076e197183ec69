import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { EndpointHealth, eventsText } from "./endpoint-summary";
import { WebhookDetail } from "./webhook-detail";
import { WebhookForm } from "./webhook-form";
import { type Endpoint, type EndpointWithSecret, type ShownSecret, webhookCalls } from "./webhooks";

// Admins: the webhook endpoints (read again every 10 s: deliveries change their health), one of them
// or the form to add one beside the list; on a phone, one or the other.

export function WebhooksView({ api }: { api: RestClient }) {
  const calls = useMemo(() => webhookCalls(api), [api]);
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [open, setOpen] = useState<string | "new" | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [said, setSaid] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = async () => {
    const read = await calls.list();
    if ("value" in read) setEndpoints(read.value);
    else setProblem(read.problem);
  };
  useEffect(() => {
    void load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [calls]);

  // Emptied first, so that the same words said again are announced again.
  const tell = (words: string) => {
    setProblem(null);
    setSaid("");
    requestAnimationFrame(() => setSaid(words));
  };
  const replace = (endpoint: Endpoint) =>
    setEndpoints((endpoints ?? []).map((e) => (e.id === endpoint.id ? endpoint : e)));
  const withSecret = (endpoint: EndpointWithSecret, rotated: boolean) => {
    const { secret: value, ...rest } = endpoint;
    setSecret({ endpointId: endpoint.id, secret: value, rotated });
    return rest;
  };
  const added = (endpoint: EndpointWithSecret) => {
    setEndpoints([...(endpoints ?? []), withSecret(endpoint, false)]);
    setOpen(endpoint.id);
    tell("Endpoint added. Its signing secret is shown below, only now.");
  };
  const close = () => {
    setOpen(null);
    setSecret(null);
    heading.current?.focus();
  };

  const selected = endpoints?.find((e) => e.id === open);
  return (
    <div class="webhooks">
      <p role="status" class={said ? "said" : "said empty"}>
        {said}
      </p>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <div class={`webhook-panes${open ? " reading" : ""}`}>
        <section class="endpoints" aria-labelledby="webhooks-heading">
          <div class="endpoints-top">
            <h2 id="webhooks-heading" ref={heading} tabIndex={-1}>
              Webhooks
            </h2>
            <button type="button" onClick={() => setOpen("new")} aria-expanded={open === "new"}>
              Add endpoint
            </button>
          </div>
          {!endpoints ? (
            <p class="empty">Loading…</p>
          ) : endpoints.length === 0 ? (
            <p class="empty">
              No endpoints yet: add one to send the desk's events to another system.
            </p>
          ) : (
            <ul aria-label="Endpoints">
              {endpoints.map((endpoint) => (
                <li>
                  <EndpointRow
                    endpoint={endpoint}
                    open={endpoint.id === open}
                    onOpen={() => {
                      if (secret?.endpointId !== endpoint.id) setSecret(null);
                      setOpen(endpoint.id);
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
        {open === "new" ? (
          <WebhookForm calls={calls} onAdded={added} onCancel={close} />
        ) : selected ? (
          <WebhookDetail
            key={selected.id}
            calls={calls}
            endpoint={selected}
            secret={secret?.endpointId === selected.id ? secret : null}
            onChanged={replace}
            onRotated={(endpoint) => {
              replace(withSecret(endpoint, true));
              tell("New secret made: it is shown below, only now.");
            }}
            onSecretDone={() => setSecret(null)}
            onDeleted={() => {
              setEndpoints((endpoints ?? []).filter((e) => e.id !== selected.id));
              tell("Endpoint deleted, with its delivery log.");
              close();
            }}
            onBack={close}
            onSettled={() => void load()}
            tell={tell}
          />
        ) : (
          <p class="placeholder">Choose an endpoint for its deliveries, or add one.</p>
        )}
      </div>
    </div>
  );
}

function EndpointRow({
  endpoint,
  open,
  onOpen,
}: {
  endpoint: Endpoint;
  open: boolean;
  onOpen: () => void;
}) {
  return (
    <button
      type="button"
      class={`endpoint${open ? " open" : ""}`}
      aria-current={open ? "true" : undefined}
      onClick={onOpen}
    >
      <bdi class="url">{endpoint.url}</bdi>
      <EndpointHealth endpoint={endpoint} />
      {endpoint.description && (
        <bdi class="description" dir="auto">
          {endpoint.description}
        </bdi>
      )}
      <span class="events">{eventsText(endpoint.events)}</span>
    </button>
  );
}
