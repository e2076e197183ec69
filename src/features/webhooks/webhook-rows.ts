import { columnNames, type Row } from "../../platform/db/statements";
import { webhookDeliveries, webhookEndpoints } from "./tables";

// Endpoints and their deliveries as the service sees them, and how D1's rows become them.

export interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  includeInternal: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  sessionId: string | null;
  orderKey: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  latencyMs: number | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
}

const ENDPOINT = columnNames(webhookEndpoints);
const DELIVERY = columnNames(webhookDeliveries);
const fromRow = <T>(columns: Record<string, string>, row: Row) =>
  Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, row[column]])) as T;
export const toEndpoint = (row: Row): Endpoint => {
  const raw = fromRow<Endpoint & { events: string }>(ENDPOINT, row);
  return {
    ...raw,
    events: JSON.parse(raw.events) as string[],
    includeInternal: Boolean(raw.includeInternal),
    enabled: Boolean(raw.enabled),
  };
};
export const toDelivery = (row: Row) => fromRow<Delivery>(DELIVERY, row);
