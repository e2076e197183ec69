import { z } from "zod";
import { list } from "./vars";

// The widget's forms (part of config.ts's one schema): which teams ask who is writing first.

export const formsVars = {
  PRECHAT_FORM_TEAMS: list(z.string().min(1))
    .default([])
    .describe(
      "comma-separated team ids whose widget asks for a name, an email and the question before the chat starts, or `*` for every team (and no team); empty: none",
    ),
};

export interface FormsConfig {
  /** The teams with a pre-chat form; "*": every team, and sessions in no team. */
  prechatTeams: string[] | "*";
}

export const toFormsConfig = (teams: string[]): FormsConfig => ({
  prechatTeams: teams.includes("*") ? "*" : teams,
});

/** Whether the widget for this team (null: no team) shows the pre-chat form. */
export const hasPrechatForm = (forms: FormsConfig, teamId: string | null) =>
  forms.prechatTeams === "*" || (teamId !== null && forms.prechatTeams.includes(teamId));
