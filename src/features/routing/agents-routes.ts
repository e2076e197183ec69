import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { text } from "../../core/wire/text";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { AgentService } from "./agent-service";
import type { AvailabilityService } from "./availability-service";
import {
  AgentListSchema,
  AgentSchema,
  CapacitySchema,
  MeSchema,
  presentAgent,
  SkillsInputSchema,
  StatusInputSchema,
} from "./schemas";

const agentParams = z.object({ agent_id: text(256, { min: 1 }) });

const setCapacity = defineRoute({
  method: "put",
  path: "/agents/{agent_id}/capacity",
  operationId: "setAgentCapacity",
  tags: ["workflow"],
  summary: "Set an agent's capacity (supervisors, admins)",
  description: "More room hands them waiting sessions of their auto-routed teams at once.",
  access: "token",
  requires: requires("agent:manage"),
  request: { params: agentParams, ...jsonBody(CapacitySchema) },
  responses: {
    200: json(CapacitySchema.extend({ agent_id: z.string() }).openapi("AgentCapacity"), "Saved."),
  },
});

const setStatus = defineRoute({
  method: "put",
  path: "/agents/me/status",
  operationId: "setMyStatus",
  tags: ["routing"],
  summary: "Choose online or away (agents)",
  description:
    "Away agents keep their sessions and get no new ones. Whatever is chosen, an agent is offline while no console of theirs follows a queue (after a grace period when the last one closes). Coming online hands them waiting sessions of their auto-routed teams at once.",
  access: "token",
  requires: requires("agent:availability"),
  request: jsonBody(StatusInputSchema),
  responses: { 200: json(AgentSchema, "The caller as routing sees them now.") },
});

const me = defineRoute({
  method: "get",
  path: "/agents/me",
  operationId: "getMe",
  tags: ["routing"],
  summary: "The calling agent's role, availability, capacity, skills and teams",
  access: "token",
  responses: { 200: json(MeSchema, "The caller as routing sees them, and their role.") },
});

const list = defineRoute({
  method: "get",
  path: "/agents",
  operationId: "listAgents",
  tags: ["routing"],
  summary: "Every agent routing knows of (supervisors, admins)",
  description: "Agents appear once they connect, choose a status, or are given skills or capacity.",
  access: "token",
  requires: requires("agent:manage"),
  responses: { 200: json(AgentListSchema, "The agents, by id.") },
});

const setSkills = defineRoute({
  method: "put",
  path: "/agents/{agent_id}/skills",
  operationId: "setAgentSkills",
  tags: ["routing"],
  summary: "Replace an agent's skills (supervisors, admins)",
  description: "A session that requires a skill is only offered to agents who have it.",
  access: "token",
  requires: requires("agent:manage"),
  request: { params: agentParams, ...jsonBody(SkillsInputSchema) },
  responses: { 200: json(AgentSchema, "The agent as routing sees them now.") },
});

/** Agents: availability, capacity, skills. */
export function agentRoutes(agents: AgentService, availability: AvailabilityService) {
  return createRouter()
    .openapi(setStatus, async (c) => {
      const agent = await availability.choose(c.var.actor, c.req.valid("json").status);
      return c.json(presentAgent(agent), 200);
    })
    .openapi(me, async (c) => {
      const { actor } = c.var;
      const agent = presentAgent(await availability.me(actor));
      return c.json({ ...agent, role: actor.kind === "user" ? actor.role : "admin" }, 200);
    })
    .openapi(list, async (c) =>
      c.json({ agents: (await availability.list(c.var.actor)).map(presentAgent) }, 200),
    )
    .openapi(setCapacity, async (c) => {
      const { agent_id } = c.req.valid("param");
      const { capacity } = c.req.valid("json");
      await agents.setCapacity(c.var.actor, agent_id, capacity);
      return c.json({ agent_id, capacity }, 200);
    })
    .openapi(setSkills, async (c) => {
      const { agent_id } = c.req.valid("param");
      const agent = await availability.setSkills(c.var.actor, agent_id, c.req.valid("json").skills);
      return c.json(presentAgent(agent), 200);
    });
}
