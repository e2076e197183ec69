// The workflow feature's public entry: what other features and the composition root use of it.
export { HandoverService } from "./handover-service";
export { LifecycleService } from "./lifecycle-service";
export { ParticipantService } from "./participant-service";
export { participantRoutes } from "./participants-routes";
export type { QueueFilter, QueueSort } from "./queue-repository";
export { QueueRepository } from "./queue-repository";
export { queueRoutes } from "./queue-routes";
export type { QueuePage } from "./queue-service";
export { QueueService } from "./queue-service";
export { queueFilterOf, queueQuery } from "./schemas";
export { TransitionOutcomes } from "./transition-outcomes";
export { TransitionRepository } from "./transition-repository";
export { transitionRoutes } from "./transitions-routes";
