import type { AgentRecord, AgentRepository } from "../db/agent-repository";
import type { TeamRepository } from "../db/team-repository";
import { type AccessPolicy, type Actor, authorizeUser } from "../domain/access";
import { NotFoundError } from "../domain/errors";
import type { ChosenAvailability } from "../domain/routing";
import type { RoutingService } from "./routing-service";

/**
 * Who is available: an agent is online for routing while a console of theirs is connected (their
 * presence object says so, after a grace period when the last one closes) and they chose online;
 * away agents keep their sessions and get no new ones. Coming online, or being given more room, moves
 * their teams' queues.
 */
export class AvailabilityService {
  constructor(
    private readonly deps: {
      agents: AgentRepository;
      teams: Pick<TeamRepository, "teamsOf">;
      routing: Pick<RoutingService, "freed">;
      settings: AccessPolicy;
      clock: () => Date;
    },
  ) {}

  /** The calling agent chooses online or away. */
  async choose(actor: Actor, status: ChosenAvailability): Promise<AgentRecord> {
    const user = authorizeUser(actor, "agent:availability", this.deps.settings);
    const { agents, clock, routing } = this.deps;
    await agents.setChosen(user.subject, user.name ?? null, status, clock().toISOString());
    if (status === "online") await routing.freed(user.subject);
    return (await agents.get(user.subject)) as AgentRecord;
  }

  /** A console of the agent's connected (true) or the last one closed a grace period ago (false). */
  async presence(agentId: string, name: string | null, connected: boolean): Promise<void> {
    const { agents, clock, routing } = this.deps;
    await agents.setConnected(agentId, name, connected, clock().toISOString());
    if (connected) await routing.freed(agentId);
  }

  async me(actor: Actor): Promise<AgentRecord> {
    const user = authorizeUser(actor, "agent:availability", this.deps.settings);
    const agent = await this.deps.agents.get(user.subject);
    return (
      agent ?? {
        id: user.subject,
        name: user.name ?? null,
        capacity: null,
        chosenStatus: "online",
        connected: false,
        statusChangedAt: null,
        lastAssignedAt: null,
        skills: [],
        assigned: 0,
        // Not in the agents table until they first connect or choose, but maybe in teams already.
        teams: await this.deps.teams.teamsOf(user.subject),
      }
    );
  }

  async list(actor: Actor): Promise<AgentRecord[]> {
    authorizeUser(actor, "agent:manage", this.deps.settings);
    return this.deps.agents.list();
  }

  async setSkills(actor: Actor, agentId: string, skills: string[]): Promise<AgentRecord> {
    authorizeUser(actor, "agent:manage", this.deps.settings);
    const { agents, clock, routing } = this.deps;
    await agents.setSkills(agentId, [...new Set(skills)], clock().toISOString());
    await routing.freed(agentId);
    const agent = await agents.get(agentId);
    if (!agent) throw new NotFoundError(`Agent ${agentId} does not exist.`);
    return agent;
  }
}
