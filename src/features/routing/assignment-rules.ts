import { type SQL, sql } from "drizzle-orm";
import { agents, chatSessions, teamMembers } from "../../core/db/schema";
import { TRANSITIONS } from "../../core/lifecycle";
import { p } from "../../platform/db/statements";

// Who may hold a session, written once for every statement that decides it: a claim, a take,
// automatic assignment, and an agent's load as the API shows it. `agent` is an SQL expression naming
// the agent (a placeholder, or a column of the row in scope); the default capacity is the
// placeholder `defaultCapacity`.

/** Sessions `agent` holds now. */
export const heldBy = (agent: SQL) =>
  sql`(select count(*) from ${chatSessions} held where held.assignee_id = ${agent} and held.status = ${TRANSITIONS.claim.to})`;

/** How many sessions `agent` may hold: their own capacity, or the default. */
export const capacityOf = (agent: SQL) =>
  sql`coalesce((select cap.capacity from ${agents} cap where cap.id = ${agent}), ${p("defaultCapacity")})`;

/** `agent` may take one more session. */
export const hasRoom = (agent: SQL) => sql`${heldBy(agent)} < ${capacityOf(agent)}`;

/** `agent` has the skill the session in scope needs, if it needs one. */
export const hasSkillFor = (agent: SQL) =>
  sql`(${chatSessions.requiredSkill} is null or exists (select 1 from ${agents} sk, json_each(sk.skills) where sk.id = ${agent} and value = ${chatSessions.requiredSkill}))`;

/** `agent` is a member of the team of the session in scope. */
export const memberOfTeam = (agent: SQL) =>
  sql`exists (select 1 from ${teamMembers} tm where tm.team_id = ${chatSessions.teamId} and tm.agent_id = ${agent})`;

/** A claim takes from the agent's teams (or a session in no team), only what needs no skill they lack. */
export const mayClaim = (agent: SQL) =>
  sql`(${chatSessions.teamId} is null or ${memberOfTeam(agent)}) and ${hasSkillFor(agent)}`;
