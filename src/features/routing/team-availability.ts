import type { FormsConfig } from "../../platform/config/forms";
import { hasPrechatForm } from "../../platform/config/forms";
import { ValidationError } from "../../platform/errors";
import { isOpen, type WeeklyHours } from "../../platform/weekly-hours";
import type { AgentRepository } from "./agent-repository";
import { hoursOfTeam } from "./domain";
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
    const { agents, teams, settings, clock } = this.deps;
    const asked = teamId ? await teams.get(teamId) : null;
    if (teamId && !asked) {
      throw new ValidationError("The request is not valid.", [
        { path: "query.team_id", message: `there is no team ${teamId}` },
      ]);
    }
    // The team record is read once: its id, and its hours.
    const team = asked ?? (settings.defaultTeam ? await teams.get(settings.defaultTeam) : null);
    const resolved = team?.id ?? null;
    const online = await agents.anyOnline(resolved);
    const workingHours = hoursOfTeam(team) ?? settings.ai.supportHours;
    return {
      teamId: resolved,
      online,
      withinHours: workingHours ? isOpen(workingHours, clock()) : true,
      assistant: settings.ai.responder,
      prechatForm: hasPrechatForm(settings.forms, resolved),
    };
  }
}
