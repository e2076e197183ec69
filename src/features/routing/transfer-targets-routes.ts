import { sessionParams } from "../../core/wire/chat";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { AvailabilityService } from "./availability-service";
import { presentTransferTargets, TransferTargetsSchema } from "./schemas";

/** Whom a session could be transferred to: what the console's transfer picker offers. */
export function transferTargetRoutes(availability: AvailabilityService) {
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
