import { requires } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { ReplyService } from "./reply-service";
import {
  fieldsOf,
  presentReply,
  replyBody,
  replyParams,
  SavedRepliesSchema,
  SavedReplySchema,
} from "./schemas";

const MANAGERS = "Admins and supervisors.";

const list = defineRoute({
  method: "get",
  path: "/saved-replies",
  operationId: "listSavedReplies",
  tags: ["replies"],
  summary: "Saved replies, as saved",
  description: "Admins and supervisors: every one. Agents: those for everyone and for their teams.",
  access: "token",
  responses: { 200: json(SavedRepliesSchema, "By shortcut.") },
});

const create = defineRoute({
  method: "post",
  path: "/saved-replies",
  operationId: "createSavedReply",
  tags: ["replies"],
  summary: "Save a reply",
  description: MANAGERS,
  access: "token",
  requires: requires("reply:manage"),
  request: jsonBody(replyBody),
  responses: { 201: json(SavedReplySchema, "The saved reply.") },
  refusals: { 409: "Its shortcut is taken within its scope (everyone, or its team)." },
});

const update = defineRoute({
  method: "put",
  path: "/saved-replies/{reply_id}",
  operationId: "updateSavedReply",
  tags: ["replies"],
  summary: "Change a saved reply",
  description: MANAGERS,
  access: "token",
  requires: requires("reply:manage"),
  request: { params: replyParams, ...jsonBody(replyBody) },
  responses: { 200: json(SavedReplySchema, "The saved reply.") },
  refusals: { 409: "Its shortcut is taken within its scope (everyone, or its team)." },
});

const remove = defineRoute({
  method: "delete",
  path: "/saved-replies/{reply_id}",
  operationId: "deleteSavedReply",
  tags: ["replies"],
  summary: "Remove a saved reply",
  description: MANAGERS,
  access: "token",
  requires: requires("reply:manage"),
  request: { params: replyParams },
  responses: { 204: { description: "Removed." } },
});

/** Admins' and supervisors' saved replies; agents' use of them, filled in for a session. */
export function replyRoutes(replies: ReplyService) {
  const filled = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/saved-replies",
    operationId: "listSavedRepliesForSession",
    tags: ["replies"],
    summary: "The saved replies the caller may use, filled in for this session",
    description:
      "For agents and supervisors, in sessions they work on (an agent: their teams', those in no team, those they hold). `text` has its placeholders filled in from the session's customer and team and the caller; a value the session does not know becomes its fallback.",
    access: "token",
    request: { params: sessionParams },
    responses: { 200: json(SavedRepliesSchema, "By shortcut, filled in.") },
  });
  return createRouter()
    .openapi(list, async (c) => {
      const all = await replies.list(c.var.actor);
      return c.json({ replies: all.map(presentReply) }, 200);
    })
    .openapi(create, async (c) => {
      const created = await replies.create(c.var.actor, fieldsOf(c.req.valid("json")));
      return c.json(presentReply(created), 201);
    })
    .openapi(update, async (c) => {
      const { reply_id } = c.req.valid("param");
      const updated = await replies.update(c.var.actor, reply_id, fieldsOf(c.req.valid("json")));
      return c.json(presentReply(updated), 200);
    })
    .openapi(remove, async (c) => {
      await replies.remove(c.var.actor, c.req.valid("param").reply_id);
      return c.body(null, 204);
    })
    .openapi(filled, async (c) => {
      const all = await replies.filledFor(c.var.actor, c.req.valid("param").session_id);
      return c.json({ replies: all.map(presentReply) }, 200);
    });
}
