import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import type { AgentRepository } from "./agent-repository";
import type { RoutingService } from "./routing-service";

/** Agents' settings, managed by supervisors and admins. */
export class AgentService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly routing: Pick<RoutingService, "freed">,
    private readonly settings: AccessPolicy,
    private readonly clock: () => Date,
  ) {}

  /** More room may take waiting sessions at once (a team routed `auto`). */
  async setCapacity(actor: Actor, agentId: string, capacity: number): Promise<void> {
    authorizeUser(actor, "agent:manage", this.settings);
    await this.agents.setCapacity(agentId, capacity, this.clock().toISOString());
    await this.routing.freed(agentId);
  }
}
