import { viewOf } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { ParticipantService } from "./participant-service";
import { ParticipantsSchema, ReadMarkerSchema, ReadStateSchema } from "./schemas";

/** Who takes part in a session, and how far each has read. */
export function participantRoutes(participants: ParticipantService) {
  const read = defineRoute({
    method: "post",
    path: "/sessions/{session_id}/read",
    operationId: "markRead",
    tags: ["workflow"],
    summary: "Mark messages as read",
    description:
      "Moves the caller's read marker forward to `last_read_seq` (never back); `unread` counts only what the caller may see.",
    access: "token",
    request: { params: sessionParams, ...jsonBody(ReadMarkerSchema) },
    responses: { 200: json(ReadStateSchema, "The caller's read state.") },
  });

  const list = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/participants",
    operationId: "listParticipants",
    tags: ["workflow"],
    summary: "Who took part in a session",
    access: "token",
    request: { params: sessionParams },
    responses: { 200: json(ParticipantsSchema, "Participants, in the order they joined.") },
  });

  return createRouter()
    .openapi(read, async (c) => {
      const { session_id } = c.req.valid("param");
      const { last_read_seq } = c.req.valid("json");
      const state = await participants.markRead(c.var.actor, session_id, last_read_seq);
      return c.json({ last_read_seq: state.lastReadSeq, unread: state.unread }, 200);
    })
    .openapi(list, async (c) => {
      const { session_id } = c.req.valid("param");
      const rows = await participants.list(c.var.actor, session_id);
      const { actor } = c.var;
      const seesIds = viewOf(actor) === "all";
      return c.json(
        {
          participants: rows.map((p) => ({
            ...((seesIds || (actor.kind === "user" && p.id === actor.subject)) && { id: p.id }),
            role: p.role,
            name: p.name,
            joined_at: p.joinedAt,
            left_at: p.leftAt,
            last_read_seq: p.lastReadSeq,
          })),
        },
        200,
      );
    });
}
