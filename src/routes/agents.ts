import { z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { CapacitySchema } from "../schemas/workflow";
import type { AgentService } from "../services/agent-service";
import { defineRoute, json, jsonBody } from "./define-route";

const setCapacity = defineRoute({
  method: "put",
  path: "/agents/{agent_id}/capacity",
  operationId: "setAgentCapacity",
  tags: ["workflow"],
  summary: "Set an agent's capacity (supervisors, admins)",
  access: "token",
  request: {
    params: z.object({ agent_id: z.string().min(1).max(256) }),
    ...jsonBody(CapacitySchema),
  },
  responses: {
    200: json(CapacitySchema.extend({ agent_id: z.string() }).openapi("AgentCapacity"), "Saved."),
  },
});

/** Agents' settings. */
export function agentRoutes(agents: AgentService) {
  return createRouter().openapi(setCapacity, async (c) => {
    const { agent_id } = c.req.valid("param");
    const { capacity } = c.req.valid("json");
    await agents.setCapacity(c.var.actor, agent_id, capacity);
    return c.json({ agent_id, capacity }, 200);
  });
}
