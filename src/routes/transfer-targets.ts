import type { Config } from "../config";
import { createRouter } from "../http/router";
import { requestSchemas } from "../schemas/chat";
import { presentTransferTargets, TransferTargetsSchema } from "../schemas/routing";
import type { AvailabilityService } from "../services/availability-service";
import { defineRoute, json } from "./define-route";

/** Whom a session could be transferred to: what the console's transfer picker offers. */
export function transferTargetRoutes(availability: AvailabilityService, config: Config) {
  const { sessionParams } = requestSchemas(config);
  const targets = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/transfer-targets",
    operationId: "listTransferTargets",
    tags: ["workflow"],
    summary: "Whom a session could be transferred to (its agent, supervisors)",
    description:
      "The agents who could take it (its team's members, or every agent known for a session in no team; never its assignee) with their availability and load, and the teams whose queue it could move to: what POST /sessions/{session_id}/transfer takes.",
    access: "token",
    request: { params: sessionParams },
    responses: { 200: json(TransferTargetsSchema, "The agents and teams, by name.") },
  });
  return createRouter().openapi(targets, async (c) => {
    const { session_id } = c.req.valid("param");
    const found = await availability.transferTargets(c.var.actor, session_id);
    return c.json(presentTransferTargets(found), 200);
  });
}
