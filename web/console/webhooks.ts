import type { InferRequestType, InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import type { EventType } from "../../src/features/webhooks/catalogue";
import { settle, UNREACHED_READ } from "./problem";

// Admins' webhook endpoints, without any view: each call answers what the service gave back, or what
// it said was wrong, in words.

type Endpoints = RestClient["webhooks"]["endpoints"];
type OneEndpoint = Endpoints[":endpoint_id"];
export type Endpoint = InferResponseType<Endpoints["$get"], 200>["endpoints"][number];
export type EndpointWithSecret = InferResponseType<Endpoints["$post"], 201>;
export type EndpointInput = InferRequestType<Endpoints["$post"]>["json"];
export type Delivery = InferResponseType<
  OneEndpoint["deliveries"]["$get"],
  200
>["deliveries"][number];
export type DeliveryStatus = Delivery["status"];

/** A secret the service just gave: shown once, with the endpoint it signs for. */
export interface ShownSecret {
  endpointId: string;
  secret: string;
  rotated: boolean;
}

/** What an endpoint may subscribe to, in words (webhook.test goes to the endpoint it tests only). */
export const EVENT_NAMES: Record<Exclude<EventType, "webhook.test">, string> = {
  "session.created": "A chat started",
  "session.assigned": "A chat was assigned",
  "session.transferred": "A chat was transferred",
  "session.escalated": "A chat was escalated",
  "session.resolved": "A chat was resolved",
  "session.reopened": "A chat was reopened",
  "session.rated": "A customer rated a chat",
  "session.handed_off": "The assistant handed a chat over",
  "session.sla_breached": "A chat missed a service level",
  "message.created": "A message was sent",
};

const at = (id: string) => ({ param: { endpoint_id: id } });

export function webhookCalls(api: RestClient) {
  const endpoints = api.webhooks.endpoints;
  const one = endpoints[":endpoint_id"];
  return {
    list: () =>
      settle<{ endpoints: Endpoint[] }>(endpoints.$get(), 200, UNREACHED_READ).then((o) =>
        "value" in o ? { value: o.value.endpoints } : o,
      ),
    create: (input: EndpointInput) =>
      settle<EndpointWithSecret>(endpoints.$post({ json: input }), 201),
    /** Turns an endpoint on or off (enabling clears why the service had disabled it). */
    setEnabled: (endpoint: Endpoint, enabled: boolean) =>
      settle<Endpoint>(one.$put({ ...at(endpoint.id), json: { url: endpoint.url, enabled } }), 200),
    remove: (id: string) => settle<null>(one.$delete(at(id)), 204),
    rotate: (id: string) => settle<EndpointWithSecret>(one["rotate-secret"].$post(at(id)), 200),
    sendTest: (id: string) => settle<Delivery>(one.test.$post(at(id)), 202),
    deliveries: (id: string, query: { status?: DeliveryStatus; before?: string; limit: number }) =>
      settle<{ deliveries: Delivery[] }>(
        one.deliveries.$get({
          ...at(id),
          query: {
            ...(query.status && { status: query.status }),
            ...(query.before && { before: query.before }),
            limit: String(query.limit),
          },
        }),
        200,
        UNREACHED_READ,
      ).then((o) => ("value" in o ? { value: o.value.deliveries } : o)),
    replay: (id: string, deliveryId: string) =>
      settle<Delivery>(
        one.deliveries[":delivery_id"].replay.$post({
          param: { endpoint_id: id, delivery_id: deliveryId },
        }),
        202,
      ),
    replayFailedSince: (id: string, since: string) =>
      settle<{ replayed: number }>(one.replay.$post({ ...at(id), json: { since } }), 202),
  };
}

export type WebhookCalls = ReturnType<typeof webhookCalls>;
