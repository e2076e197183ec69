import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import {
  NewTeamSchema,
  presentRule,
  presentTeam,
  RulesInputSchema,
  RulesSchema,
  TeamIdSchema,
  TeamInputSchema,
  TeamListSchema,
  TeamSchema,
} from "./schemas";
import type { TeamInput, TeamService } from "./team-service";

const teamParams = z.object({
  team_id: TeamIdSchema.openapi({ param: { name: "team_id", in: "path" } }),
});

const toTeam = (id: string, body: z.infer<typeof TeamInputSchema>): TeamInput => ({
  id,
  name: body.name,
  routing: body.routing,
  hours: body.hours,
  timeZone: body.time_zone,
  serviceLevels: body.service_levels,
  members: [...new Set(body.members)],
});

const create = defineRoute({
  method: "post",
  path: "/teams",
  operationId: "createTeam",
  tags: ["routing"],
  summary: "Create a team (admins, supervisors)",
  description:
    "A team (an inbox) has members, a routing mode, weekly hours and service-level targets. Sessions routed `auto` go to its members as they enter the queue.",
  access: "token",
  requires: requires("team:manage"),
  request: jsonBody(NewTeamSchema),
  responses: { 201: json(TeamSchema, "The team.") },
});

const list = defineRoute({
  method: "get",
  path: "/teams",
  operationId: "listTeams",
  tags: ["routing"],
  summary: "Every team (agents)",
  access: "token",
  requires: requires("session:list"),
  responses: { 200: json(TeamListSchema, "The teams, by id.") },
});

const get = defineRoute({
  method: "get",
  path: "/teams/{team_id}",
  operationId: "getTeam",
  tags: ["routing"],
  summary: "Read a team (agents)",
  access: "token",
  requires: requires("session:list"),
  request: { params: teamParams },
  responses: { 200: json(TeamSchema, "The team.") },
});

const replace = defineRoute({
  method: "put",
  path: "/teams/{team_id}",
  operationId: "updateTeam",
  tags: ["routing"],
  summary: "Replace a team (admins, supervisors)",
  description:
    "Members and settings take effect at once: a team switched to `auto` hands out its waiting sessions.",
  access: "token",
  requires: requires("team:manage"),
  request: { params: teamParams, ...jsonBody(TeamInputSchema) },
  responses: { 200: json(TeamSchema, "The team as it is now.") },
});

const remove = defineRoute({
  method: "delete",
  path: "/teams/{team_id}",
  operationId: "deleteTeam",
  tags: ["routing"],
  summary: "Delete a team (admins, supervisors)",
  description: "Its sessions stay, in no team; the rules naming it go.",
  access: "token",
  requires: requires("team:manage"),
  request: { params: teamParams },
  responses: { 204: { description: "Deleted." } },
});

const rules = defineRoute({
  method: "get",
  path: "/routing/rules",
  operationId: "listRoutingRules",
  tags: ["routing"],
  summary: "The routing rules, in the order they are tried (agents)",
  access: "token",
  requires: requires("session:list"),
  responses: { 200: json(RulesSchema, "The rules.") },
});

const replaceRules = defineRoute({
  method: "put",
  path: "/routing/rules",
  operationId: "replaceRoutingRules",
  tags: ["routing"],
  summary: "Replace the routing rules (admins, supervisors)",
  description:
    "Tried in the order given; the first that matches and names a team places the session, and every one that matches and names a label puts it on the session (page_url rules when it starts, keyword rules on each customer message until it is resolved). A session whose team was chosen (team_id when it started) is never moved by a rule. Changes take effect within 10 seconds.",
  access: "token",
  requires: requires("team:manage"),
  request: jsonBody(RulesInputSchema),
  responses: { 200: json(RulesSchema, "The rules as they are now.") },
});

/** Teams and the routing rules. */
export function teamRoutes(teams: TeamService) {
  return createRouter()
    .openapi(create, async (c) => {
      const { id, ...body } = c.req.valid("json");
      const team = await teams.save(c.var.actor, toTeam(id, body), { create: true });
      return c.json(presentTeam(team), 201);
    })
    .openapi(list, async (c) =>
      c.json({ teams: (await teams.list(c.var.actor)).map(presentTeam) }, 200),
    )
    .openapi(get, async (c) =>
      c.json(presentTeam(await teams.get(c.var.actor, c.req.valid("param").team_id)), 200),
    )
    .openapi(replace, async (c) => {
      const team = toTeam(c.req.valid("param").team_id, c.req.valid("json"));
      return c.json(presentTeam(await teams.save(c.var.actor, team)), 200);
    })
    .openapi(remove, async (c) => {
      await teams.remove(c.var.actor, c.req.valid("param").team_id);
      return c.body(null, 204);
    })
    .openapi(rules, async (c) =>
      c.json({ rules: (await teams.rules(c.var.actor)).map(presentRule) }, 200),
    )
    .openapi(replaceRules, async (c) => {
      const input = c.req.valid("json").rules.map((rule) => ({
        teamId: rule.team_id ?? null,
        labelId: rule.label_id?.toLowerCase() ?? null,
        kind: rule.kind,
        pattern: rule.pattern,
      }));
      const saved = await teams.replaceRules(c.var.actor, input);
      return c.json({ rules: saved.map(presentRule) }, 200);
    });
}
