// The workflow feature's public entry: what other features and the composition root use of it.
export { HandoverService } from "./handover-service";
export { LifecycleService } from "./lifecycle-service";
export { ParticipantService } from "./participant-service";
export { participantRoutes } from "./participants-routes";
export { QueueRepository } from "./queue-repository";
export { queueRoutes } from "./queue-routes";
export { QueueService } from "./queue-service";
export { TransitionOutcomes } from "./transition-outcomes";
export { TransitionRepository } from "./transition-repository";
export { transitionRoutes } from "./transitions-routes";
