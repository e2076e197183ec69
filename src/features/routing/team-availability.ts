import type { FormsConfig } from "../../platform/config/forms";
import { hasPrechatForm } from "../../platform/config/forms";
import { ValidationError } from "../../platform/errors";
import { isOpen, type WeeklyHours } from "../../platform/weekly-hours";
import type { AgentRepository } from "./agent-repository";
import type { RoutingService } from "./routing-service";
import type { TeamRepository } from "./team-repository";

/** What a widget needs before the first message: who would answer now, and which form to show. */
export interface TeamAvailability {
  teamId: string | null;
  online: boolean;
  withinHours: boolean;
  assistant: boolean;
  prechatForm: boolean;
}

/**
 * Whether a team is there for a new chat (someone online, within its hours), whether the assistant
 * answers first, and whether the widget asks who is writing first: public, for the widget's forms.
 */
export class TeamAvailabilityService {
  constructor(
    private readonly deps: {
      agents: Pick<AgentRepository, "anyOnline">;
      teams: Pick<TeamRepository, "get">;
      routing: Pick<RoutingService, "hoursOf">;
      settings: {
        defaultTeam: string | null;
        forms: FormsConfig;
        ai: { responder: boolean; supportHours: WeeklyHours | null };
      };
      clock: () => Date;
    },
  ) {}

  /** The team asked for (unknown: 400, as POST /sessions answers), else the default team. */
  async of(teamId?: string): Promise<TeamAvailability> {
    const { agents, teams, routing, settings, clock } = this.deps;
    const team = teamId ? await teams.get(teamId) : null;
    if (teamId && !team) {
      throw new ValidationError("The request is not valid.", [
        { path: "query.team_id", message: `there is no team ${teamId}` },
      ]);
    }
    const id = team?.id ?? (settings.defaultTeam && (await teams.get(settings.defaultTeam))?.id);
    const resolved = id ?? null;
    const [online, hours] = await Promise.all([
      agents.anyOnline(resolved),
      routing.hoursOf(resolved),
    ]);
    const workingHours = hours ?? settings.ai.supportHours;
    return {
      teamId: resolved,
      online,
      withinHours: workingHours ? isOpen(workingHours, clock()) : true,
      assistant: settings.ai.responder,
      prechatForm: hasPrechatForm(settings.forms, resolved),
    };
  }
}
