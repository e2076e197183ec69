import type { ChatSession } from "../../core/chat";
import { newTransitionInput } from "../../core/db/transitions";
import { UNATTENDED_STATUSES } from "../../core/lifecycle";
import type { Notifier } from "../../core/notifier";
import { SYSTEM_LINES } from "../../core/system-lines";
import { ValidationError } from "../../platform/errors";
import type { WeeklyHours } from "../../platform/weekly-hours";
import type { AssignmentRepository, TransitionResult } from "./assignment-repository";
import { hoursOfTeam, matchLabelRules, matchRule, type RoutingRule, type Team } from "./domain";
import type { TeamRepository } from "./team-repository";

/** How long routing rules are read once for (a change takes effect within this). */
const RULES_TTL_MS = 10_000;

/** Where a new session goes: its team (chosen, or the default), and the skill it needs. */
export interface Placement {
  team: Team | null;
  chosen: boolean;
  requiredSkill: string | null;
  /** The page_url rules that label it once it is stored. */
  labelRules: RoutingRule[];
}

/** Puts labels on a session for the rules that named them (the labels feature). */
export type RuleLabeller = (
  sessionId: string,
  labelIds: string[],
  ruleIds: string[],
) => Promise<void>;

/**
 * Routing: which team a session belongs to (the widget's choice, a rule, or the default team) and,
 * in a team routed `auto`, which agent gets it: each session entering the queue goes at once to the
 * online member with the most free capacity (ties: idle longest), or waits; waiting sessions go out as
 * soon as an agent comes online or frees capacity. Every assignment is one conditional statement
 * (src/features/routing/routing-sql.ts), so no interleaving assigns over capacity, twice, or outside the team.
 */
export class RoutingService {
  private rulesCache: { until: number; rules: RoutingRule[] } | null = null;

  constructor(
    private readonly deps: {
      assignments: AssignmentRepository;
      teams: TeamRepository;
      notifier: Notifier;
      labelSessions: RuleLabeller;
      settings: { agentDefaultCapacity: number; defaultTeam: string | null };
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** The team of a session about to start: the one asked for, a page-URL rule's, or the default. */
  async place(request: { teamId?: string; pageUrl?: string; skill?: string }): Promise<Placement> {
    const { teams, settings } = this.deps;
    const requiredSkill = request.skill ?? null;
    const labelRules = request.pageUrl
      ? matchLabelRules(await this.rules(), "page_url", request.pageUrl)
      : [];
    if (request.teamId) {
      const team = await teams.get(request.teamId);
      if (!team) {
        throw new ValidationError("The request body is not valid.", [
          { path: "body.team_id", message: `there is no team ${request.teamId}` },
        ]);
      }
      return { team, chosen: true, requiredSkill, labelRules };
    }
    const byPage = request.pageUrl
      ? matchRule(await this.rules(), "page_url", request.pageUrl)
      : null;
    const id = byPage ?? settings.defaultTeam;
    const team = id ? await teams.get(id) : null;
    return { team, chosen: byPage !== null && team !== null, requiredSkill, labelRules };
  }

  /** A session started: the page_url rules that matched label it. */
  async labelStarted(sessionId: string, placement: Placement): Promise<void> {
    await this.label(sessionId, placement.labelRules);
  }

  /**
   * A customer wrote: a keyword rule may send a session whose team was not chosen (none, or the
   * default) to another team, while no person has it yet.
   */
  async onCustomerText(session: ChatSession, text: string): Promise<void> {
    if (session.status !== "resolved") {
      await this.label(session.id, matchLabelRules(await this.rules(), "keyword", text));
    }
    if (session.teamChosen || !UNATTENDED_STATUSES.includes(session.status)) return;
    const teamId = matchRule(await this.rules(), "keyword", text);
    if (!teamId || teamId === session.teamId) return;
    const { transitionId, timestamp } = this.input();
    const moved = await this.deps.assignments.placeInTeam(session.id, teamId, session.teamId, {
      transitionId,
      timestamp,
    });
    if (!moved) return;
    // Both queues hear of it: the team it left and the team it joined.
    await this.deps.notifier.announce("transferred", moved.session, {
      entry: moved.owed,
      leftTeamId: session.teamId,
    });
    await this.route(moved.session);
  }

  /**
   * Offers a session that entered the queue to its team's best available agent (an `auto` team);
   * answers what that wrote (nothing when nobody may take it now: it waits).
   */
  async route(session: ChatSession): Promise<TransitionResult> {
    const none = { session: null, messages: [], owed: null };
    if (session.status !== "open" || !session.teamId) return none;
    const { assignments, settings } = this.deps;
    const result = await assignments.route(session.id, settings.agentDefaultCapacity, this.input());
    return (await this.assigned(result)) ? result : none;
  }

  /** When a team works (its weekly hours, parsed), if it says; null for no team or always. */
  async hoursOf(teamId: string | null): Promise<WeeklyHours | null> {
    return hoursOfTeam(teamId ? await this.deps.teams.get(teamId) : null);
  }

  /** The rules changed here: read them again at once (other isolates within RULES_TTL_MS). */
  rulesChanged(): void {
    this.rulesCache = null;
  }

  /**
   * Capacity or availability changed in these teams: assign their waiting sessions until nobody may
   * take one (each assignment uses up capacity, so this ends; nothing an online member could take
   * is left waiting for an event that may never come).
   */
  async drain(teamIds: string[]): Promise<void> {
    const { assignments, settings } = this.deps;
    for (const teamId of teamIds) {
      for (;;) {
        const result = await assignments.routeNext(
          teamId,
          settings.agentDefaultCapacity,
          this.input(),
        );
        if (!(await this.assigned(result))) break;
      }
    }
  }

  /** Every auto team's queue moves (after a writer died, frees and drains may have been lost). */
  async drainAutoTeams(): Promise<void> {
    const teams = await this.deps.teams.list();
    await this.drain(teams.filter((team) => team.routing === "auto").map((team) => team.id));
  }

  /** An agent came online, or holds fewer sessions, or may hold more: their teams' queues move. */
  async freed(agentId: string | null): Promise<void> {
    if (agentId) await this.drain(await this.deps.teams.teamsOf(agentId));
  }

  private async label(sessionId: string, rules: RoutingRule[]): Promise<void> {
    if (!rules.length) return;
    const labelIds = rules.map((rule) => rule.labelId as string);
    await this.deps.labelSessions(
      sessionId,
      labelIds,
      rules.map((rule) => rule.id),
    );
  }

  /** The routing rules, read at most every RULES_TTL_MS. */
  private async rules(): Promise<RoutingRule[]> {
    const now = Date.now();
    if (!this.rulesCache || this.rulesCache.until <= now) {
      this.rulesCache = { until: now + RULES_TTL_MS, rules: await this.deps.teams.rules() };
    }
    return this.rulesCache.rules;
  }

  /** Publishes an automatic assignment like a claim; false when nothing was assigned. */
  private async assigned({ session, messages, owed }: TransitionResult): Promise<boolean> {
    if (!session || !messages.length) return false;
    await this.deps.notifier.stored(messages, "claimed", session, { entry: owed });
    return true;
  }

  private input() {
    return newTransitionInput(this.deps, SYSTEM_LINES.joined);
  }
}
