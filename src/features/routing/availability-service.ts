import { type AccessPolicy, type Actor, authorizeTransfer, authorizeUser } from "../../core/access";
import type { ChatRepository } from "../../core/db/chat-repository";
import { NotFoundError, sessionNotFound } from "../../platform/errors";
import type { AgentRecord, AgentRepository } from "./agent-repository";
import { availabilityOf, type ChosenAvailability } from "./domain";
import type { RoutingService } from "./routing-service";
import type { TeamRepository } from "./team-repository";

/** An agent as routing sees them, with the capacity that binds them (theirs, or the default). */
export type Agent = AgentRecord & { effectiveCapacity: number };

/** Where a session may be transferred: agents who could take it, and teams it could move to. */
export interface TransferTargets {
  agents: Agent[];
  teams: { id: string; name: string }[];
}

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
      teams: Pick<TeamRepository, "teamsOf" | "list">;
      sessions: Pick<ChatRepository, "findSessionOnly">;
      routing: Pick<RoutingService, "freed">;
      settings: AccessPolicy & { agentDefaultCapacity: number };
      clock: () => Date;
    },
  ) {}

  /** The calling agent chooses online or away. */
  async choose(actor: Actor, status: ChosenAvailability): Promise<Agent> {
    const user = authorizeUser(actor, "agent:availability", this.deps.settings);
    const { agents, clock, routing } = this.deps;
    await agents.setChosen(user.subject, user.name ?? null, status, clock().toISOString());
    if (status === "online") await routing.freed(user.subject);
    return this.withCapacity((await agents.get(user.subject)) as AgentRecord);
  }

  /** A console of the agent's connected (true) or the last one closed a grace period ago (false). */
  async presence(agentId: string, name: string | null, connected: boolean): Promise<void> {
    const { agents, clock, routing } = this.deps;
    await agents.setConnected(agentId, name, connected, clock().toISOString());
    if (connected) await routing.freed(agentId);
  }

  async me(actor: Actor): Promise<Agent> {
    const user = authorizeUser(actor, "agent:availability", this.deps.settings);
    const name = user.name ?? null;
    const agent = await this.deps.agents.get(user.subject);
    if (agent) return this.withCapacity({ ...agent, name: agent.name ?? name });
    return this.withCapacity({
      id: user.subject,
      name,
      capacity: null,
      chosenStatus: "online",
      connected: false,
      statusChangedAt: null,
      lastAssignedAt: null,
      skills: [],
      assigned: 0,
      // Not in the agents table until they first connect or choose, but maybe in teams already.
      teams: await this.deps.teams.teamsOf(user.subject),
    });
  }

  async list(actor: Actor): Promise<Agent[]> {
    authorizeUser(actor, "agent:manage", this.deps.settings);
    return (await this.deps.agents.list()).map((agent) => this.withCapacity(agent));
  }

  async setSkills(actor: Actor, agentId: string, skills: string[]): Promise<Agent> {
    authorizeUser(actor, "agent:manage", this.deps.settings);
    const { agents, clock, routing } = this.deps;
    await agents.setSkills(agentId, [...new Set(skills)], clock().toISOString());
    await routing.freed(agentId);
    const agent = await agents.get(agentId);
    if (!agent) throw new NotFoundError(`Agent ${agentId} does not exist.`);
    return this.withCapacity(agent);
  }

  /**
   * For whoever may transfer the session (its agent, a supervisor): the agents who could take it
   * (its team's members, or every agent known for a session in no team; never its assignee), the
   * available first, then those with the most room; and the other teams it could move to.
   */
  async transferTargets(actor: Actor, sessionId: string): Promise<TransferTargets> {
    authorizeUser(actor, "session:transfer", this.deps.settings);
    const session = await this.deps.sessions.findSessionOnly(sessionId);
    if (!session) throw sessionNotFound(sessionId);
    authorizeTransfer(actor, session.assigneeId, this.deps.settings);
    const [candidates, teams] = await Promise.all([
      this.deps.agents.candidates(session.teamId, session.assigneeId),
      this.deps.teams.list(),
    ]);
    const agents = candidates.map((agent) => this.withCapacity(agent));
    const online = (agent: Agent) =>
      availabilityOf(agent.chosenStatus, agent.connected) === "online" ? 0 : 1;
    const room = (agent: Agent) => agent.effectiveCapacity - agent.assigned;
    agents.sort(
      (a, b) =>
        online(a) - online(b) ||
        room(b) - room(a) ||
        (a.name ?? a.id).localeCompare(b.name ?? b.id),
    );
    return {
      agents,
      teams: teams
        .filter((team) => team.id !== session.teamId)
        .map((team) => ({ id: team.id, name: team.name })),
    };
  }

  private withCapacity(agent: AgentRecord): Agent {
    return {
      ...agent,
      effectiveCapacity: agent.capacity ?? this.deps.settings.agentDefaultCapacity,
    };
  }
}
