// The outbox feature's public entry: what other features and the composition root use of it.
export { OutboxRepository } from "./outbox-repository";
export { OutboxService } from "./outbox-service";
export { outboxWatch } from "./outbox-watch";
