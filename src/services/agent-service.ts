import type { AgentRepository } from "../db/agent-repository";
import { type AccessPolicy, type Actor, authorizeUser } from "../domain/access";

/** Agents' settings, managed by supervisors and admins. */
export class AgentService {
  constructor(
    private readonly agents: AgentRepository,
    private readonly settings: AccessPolicy,
    private readonly clock: () => Date,
  ) {}

  async setCapacity(actor: Actor, agentId: string, capacity: number): Promise<void> {
    authorizeUser(actor, "agent:manage", this.settings);
    await this.agents.setCapacity(agentId, capacity, this.clock().toISOString());
  }
}
