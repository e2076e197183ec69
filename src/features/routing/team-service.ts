import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import { NotFoundError, ValidationError } from "../../platform/errors";
import type { RoutingRule, Team } from "./domain";
import type { RoutingService } from "./routing-service";
import type { TeamRepository } from "./team-repository";

export type TeamInput = Omit<Team, "createdAt" | "updatedAt">;

const teamNotFound = (id: string) => new NotFoundError(`Team ${id} does not exist.`);
const teamTaken = (id: string) =>
  new ValidationError("The request body is not valid.", [
    { path: "body.id", message: `a team ${id} exists already` },
  ]);

/** Teams and the routing rules, managed by supervisors and admins. */
export class TeamService {
  constructor(
    private readonly deps: {
      teams: TeamRepository;
      routing: Pick<RoutingService, "drain" | "rulesChanged">;
      /** Which of these ids are labels (a rule may put one on its sessions). */
      labels: { existing(ids: string[]): Promise<string[]> };
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** Creates or replaces a team; its waiting sessions go out at once if it now routes `auto`. */
  async save(actor: Actor, team: TeamInput, { create = false } = {}): Promise<Team> {
    authorizeUser(actor, "team:manage", this.deps.settings);
    const { teams, clock, routing } = this.deps;
    // The write decides: a taken id for a new one, no such team (or one removed meanwhile) else.
    if (!(await teams.save(team, clock().toISOString(), { create }))) {
      throw create ? teamTaken(team.id) : teamNotFound(team.id);
    }
    await routing.drain([team.id]);
    return (await teams.get(team.id)) as Team;
  }

  async get(actor: Actor, id: string): Promise<Team> {
    authorizeUser(actor, "session:list", this.deps.settings);
    const team = await this.deps.teams.get(id);
    if (!team) throw teamNotFound(id);
    return team;
  }

  async list(actor: Actor): Promise<Team[]> {
    authorizeUser(actor, "session:list", this.deps.settings);
    return this.deps.teams.list();
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, "team:manage", this.deps.settings);
    if (!(await this.deps.teams.remove(id))) throw teamNotFound(id);
    this.deps.routing.rulesChanged(); // its rules went with it
  }

  async rules(actor: Actor): Promise<RoutingRule[]> {
    authorizeUser(actor, "session:list", this.deps.settings);
    return this.deps.teams.rules();
  }

  /** Replaces the rules (tried in this order); every team and label they name must exist. */
  async replaceRules(
    actor: Actor,
    rules: Pick<RoutingRule, "teamId" | "labelId" | "kind" | "pattern">[],
  ): Promise<RoutingRule[]> {
    authorizeUser(actor, "team:manage", this.deps.settings);
    const { teams, newId } = this.deps;
    await this.checkNamed(rules);
    // A team or label removed since the check fails the write (nothing changed): checked again, it
    // is named.
    while (!(await teams.replaceRules(rules.map((rule) => ({ ...rule, id: newId() }))))) {
      await this.checkNamed(rules);
    }
    this.deps.routing.rulesChanged();
    return teams.rules();
  }

  /** Refuses rules naming a team or label that does not exist (400, each named). */
  private async checkNamed(rules: Pick<RoutingRule, "teamId" | "labelId">[]): Promise<void> {
    const named = (key: "teamId" | "labelId") => [
      ...new Set(rules.flatMap((rule) => (rule[key] ? [rule[key]] : []))),
    ];
    const knownTeams = await this.deps.teams.existing(named("teamId"));
    const knownLabels = new Set(await this.deps.labels.existing(named("labelId")));
    const errors = rules.flatMap((rule, i) => [
      ...(rule.teamId && !knownTeams.has(rule.teamId)
        ? [{ path: `body.rules.${i}.team_id`, message: "names no team" }]
        : []),
      ...(rule.labelId && !knownLabels.has(rule.labelId)
        ? [{ path: `body.rules.${i}.label_id`, message: "names no label" }]
        : []),
    ]);
    if (errors.length) throw new ValidationError("The request body is not valid.", errors);
  }
}
