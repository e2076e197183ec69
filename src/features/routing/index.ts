// The routing feature's public entry: what other features and the composition root use of it.
export { AgentRepository } from "./agent-repository";
export { AgentService } from "./agent-service";
export { agentRoutes } from "./agents-routes";
export { AssignmentRepository } from "./assignment-repository";
export { hasRoom, mayClaim } from "./assignment-rules";
export { availabilityRoutes } from "./availability-routes";
export { AvailabilityService } from "./availability-service";
export { firstResponseDue, queueAudience } from "./domain";
export { RoomDue } from "./room-due";
export { RoutingService } from "./routing-service";
export { SkillSchema, TeamIdSchema } from "./schemas";
export { ServiceLevelService } from "./service-level-service";
export { TeamAvailabilityService } from "./team-availability";
export { TeamRepository } from "./team-repository";
export { TeamService } from "./team-service";
export { teamRoutes } from "./teams-routes";
export { transferTargetRoutes } from "./transfer-targets-routes";
