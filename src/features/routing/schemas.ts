import { z } from "@hono/zod-openapi";
import { PRIORITIES } from "../../core/lifecycle";
import { matching, naming, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { ROLES } from "../../platform/auth/roles";
import { parseWeeklyHours } from "../../platform/weekly-hours";
import type { Agent, TransferTargets } from "./availability-service";
import {
  AVAILABILITY,
  availabilityOf,
  CHOSEN_AVAILABILITY,
  ROUTING_MODES,
  type RoutingRule,
  RULE_KINDS,
  type Team,
} from "./domain";

// Transport shapes of routing: teams, their rules, agents' availability and skills.

export const TeamIdSchema = matching(
  /^[a-z0-9][a-z0-9_-]{0,63}$/,
  "must be 1-64 of a-z, 0-9, _ and -, starting alphanumeric",
).openapi({ example: "billing" });

const AgentIdSchema = naming(256).openapi({ example: "bob@example.com" });
export const SkillSchema = matching(
  /^[\p{L}\p{N}_.:-]{1,40}$/u,
  "must be 1-40 letters, digits, _ . : or -",
).openapi({ example: "lang:de" });

const seconds = z
  .int()
  .min(1)
  .max(30 * 24 * 3600);
const ServiceLevelsSchema = z
  .partialRecord(
    z.enum(PRIORITIES),
    z.object({ first_response_seconds: seconds, next_response_seconds: seconds }),
  )
  .openapi("ServiceLevels", {
    // A priority that does not exist is refused, not ignored.
    additionalProperties: false,
    description:
      "Per priority: seconds until the first agent answer is due once a session enters the queue, and until the next one is due after a customer writes. A priority left out has no target.",
    example: {
      normal: { first_response_seconds: 300, next_response_seconds: 600 },
      urgent: { first_response_seconds: 60, next_response_seconds: 120 },
    },
  });

const TeamFields = z.object({
  name: text(200, { notBlank: true }).openapi({ example: "Billing" }),
  routing: z.enum(ROUTING_MODES).default("auto").openapi({
    description:
      "auto: each session entering the queue goes to an available agent; manual: agents claim.",
  }),
  hours: text(300, { min: 1 }).nullable().default(null).openapi({
    description:
      'Weekly hours in time_zone, e.g. "Mon-Fri 09:00-17:00, Sat 10:00-14:00"; null: always open. Outside them, a customer handed to this team is told when people are back.',
  }),
  time_zone: text(64, { min: 1 }).default("UTC").openapi({ example: "Europe/Berlin" }),
  service_levels: ServiceLevelsSchema.default({}),
  members: z.array(AgentIdSchema).max(500).default([]).openapi({
    description: "The agents of the team (their token subjects).",
  }),
});

/** Hours that parse, in a time zone that exists. */
function checkHours(team: { hours: string | null; time_zone: string }, ctx: z.RefinementCtx) {
  try {
    if (team.hours !== null) parseWeeklyHours(team.hours, team.time_zone);
    else new Intl.DateTimeFormat("en", { timeZone: team.time_zone });
  } catch (error) {
    const zone = error instanceof RangeError;
    ctx.addIssue({
      code: "custom",
      path: [zone ? "time_zone" : "hours"],
      message: zone ? "is not a known time zone" : (error as Error).message,
    });
  }
}

export const TeamInputSchema = TeamFields.superRefine(checkHours);
export const NewTeamSchema = TeamFields.extend({ id: TeamIdSchema }).superRefine(checkHours);

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    routing: z.enum(ROUTING_MODES),
    hours: z.string().nullable(),
    time_zone: z.string(),
    service_levels: ServiceLevelsSchema,
    members: z.array(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .openapi("Team");

export const TeamListSchema = z.object({ teams: z.array(TeamSchema) }).openapi("TeamList");

const RuleFields = {
  team_id: TeamIdSchema.nullable().optional().openapi({
    description: "The team it sends the session to (none: it only labels).",
  }),
  label_id: z.uuid().nullable().optional().openapi({
    description: "A label it puts on the session (none: it only routes).",
  }),
  kind: z.enum(RULE_KINDS).openapi({
    description:
      "page_url: the page the widget starts on contains the pattern; keyword: a customer message of a session whose team was not chosen contains the word or phrase.",
  }),
  pattern: text(200, { notBlank: true }).openapi({ example: "/billing" }),
};

export const RulesInputSchema = z.object({
  rules: z
    .array(
      z.object(RuleFields).refine((rule) => rule.team_id || rule.label_id, {
        path: ["team_id"],
        message: "a rule names a team, a label, or both",
      }),
    )
    .max(200),
});

export const RulesSchema = z
  .object({
    rules: z.array(
      z.object({
        id: z.string(),
        ...RuleFields,
        team_id: z.string().nullable(),
        label_id: z.string().nullable(),
        position: z.int(),
      }),
    ),
  })
  .openapi("RoutingRules");

export const StatusInputSchema = z.object({ status: z.enum(CHOSEN_AVAILABILITY) });

export const SkillsInputSchema = z.object({ skills: z.array(SkillSchema).max(50) });

export const AgentSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    status: z.enum(AVAILABILITY).openapi({
      description:
        "online: gets sessions; away: keeps theirs, gets none; offline: no console open.",
    }),
    chosen_status: z.enum(CHOSEN_AVAILABILITY),
    connected: z.boolean().openapi({ description: "A console of theirs follows a queue now." }),
    capacity: z.int().nullable().openapi({ description: "null: the default capacity." }),
    effective_capacity: z.int().openapi({
      description:
        "The capacity that binds them: capacity, or the default (AGENT_DEFAULT_CAPACITY) where that is null.",
    }),
    assigned: z.int().openapi({ description: "Sessions they hold now." }),
    skills: z.array(z.string()),
    teams: z.array(z.string()),
    status_changed_at: timestamp.nullable(),
    last_assigned_at: timestamp.nullable(),
  })
  .openapi("Agent");

export const MeSchema = AgentSchema.extend({
  role: z.enum(ROLES).openapi({ description: "What the caller may do (the console shows it)." }),
}).openapi("Me");

/** How many sessions an agent may hold at once. */
export const CapacitySchema = z.object({ capacity: z.int().min(0).max(1000) });

export const AgentListSchema = z.object({ agents: z.array(AgentSchema) }).openapi("AgentList");

export const TransferTargetsSchema = z
  .object({
    agents: z
      .array(
        AgentSchema.pick({
          id: true,
          name: true,
          status: true,
          assigned: true,
          effective_capacity: true,
        }),
      )
      .openapi({
        description:
          "Who could take the session: its team's members (every agent known, for a session in no team), never its assignee; the online first, then those with the most room.",
      }),
    teams: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .openapi({ description: "The other teams whose queue it could move to." }),
  })
  .openapi("TransferTargets");

export function presentTeam(team: Team): z.infer<typeof TeamSchema> {
  return {
    id: team.id,
    name: team.name,
    routing: team.routing,
    hours: team.hours,
    time_zone: team.timeZone,
    service_levels: team.serviceLevels,
    members: team.members,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
  };
}

export function presentRule(rule: RoutingRule) {
  return {
    id: rule.id,
    team_id: rule.teamId,
    label_id: rule.labelId,
    kind: rule.kind,
    pattern: rule.pattern,
    position: rule.position,
  };
}

export function presentAgent(agent: Agent): z.infer<typeof AgentSchema> {
  return {
    id: agent.id,
    name: agent.name,
    status: availabilityOf(agent.chosenStatus, agent.connected),
    chosen_status: agent.chosenStatus,
    connected: agent.connected,
    capacity: agent.capacity,
    effective_capacity: agent.effectiveCapacity,
    assigned: agent.assigned,
    skills: agent.skills,
    teams: agent.teams,
    status_changed_at: agent.statusChangedAt,
    last_assigned_at: agent.lastAssignedAt,
  };
}

export function presentTransferTargets(
  targets: TransferTargets,
): z.infer<typeof TransferTargetsSchema> {
  return {
    agents: targets.agents.map((agent) => ({
      id: agent.id,
      name: agent.name,
      status: availabilityOf(agent.chosenStatus, agent.connected),
      assigned: agent.assigned,
      effective_capacity: agent.effectiveCapacity,
    })),
    teams: targets.teams,
  };
}
