import { useMemo, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { EndpointHealth, eventsText } from "./endpoint-summary";
import { ManageView, useManaged } from "./manage-view";
import { useRead } from "./unread";
import { WebhookDetail } from "./webhook-detail";
import { WebhookForm } from "./webhook-form";
import { type Endpoint, type EndpointWithSecret, type ShownSecret, webhookCalls } from "./webhooks";

// Admins: the webhook endpoints (read again every 10 s: deliveries change their health), one of them
// or the form to add one beside the list; on a phone, one or the other.

export function WebhooksView({ api }: { api: RestClient }) {
  const calls = useMemo(() => webhookCalls(api), [api]);
  const list = useRead(calls.list, 10_000);
  const { value: endpoints, setValue: setEndpoints } = list;
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const managed = useManaged();
  const { open, setOpen, tell } = managed;

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
    setSecret(null);
    managed.close();
  };

  const selected = endpoints?.find((e) => e.id === open);
  return (
    <ManageView
      managed={managed}
      name="webhooks"
      title="Webhooks"
      listLabel="Endpoints"
      newLabel="Add endpoint"
      empty="No endpoints yet: add one to send the desk's events to another system."
      list={list}
      row={(endpoint) => (
        <EndpointRow
          endpoint={endpoint}
          open={endpoint.id === open}
          onOpen={() => {
            if (secret?.endpointId !== endpoint.id) setSecret(null);
            setOpen(endpoint.id);
          }}
        />
      )}
    >
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
          onSettled={() => list.reload()}
          tell={tell}
        />
      ) : (
        <p class="placeholder">Choose an endpoint for its deliveries, or add one.</p>
      )}
    </ManageView>
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
      class="endpoint"
      aria-current={open ? "true" : undefined}
      onClick={onOpen}
    >
      <bdi class="url" title={endpoint.url}>
        {endpoint.url}
      </bdi>
      <EndpointHealth endpoint={endpoint} />
      {endpoint.description && (
        <bdi class="description" dir="auto" title={endpoint.description}>
          {endpoint.description}
        </bdi>
      )}
      <span class="events">{eventsText(endpoint.events)}</span>
    </button>
  );
}
