// The webhooks feature's public entry: what other features and the composition root use of it.
export { EVENT_SCHEMAS, EVENT_TYPES } from "./catalogue";
export { DeliveryService, type Transport } from "./delivery-service";
export { EndpointService } from "./endpoint-service";
export { type DeliveryMessage, deliveryQueue, EventRecorder } from "./event-recorder";
export { webhookRoutes } from "./routes";
export { dohResolver, type HostResolver } from "./url-guard";
export { WebhookRepository } from "./webhook-repository";
