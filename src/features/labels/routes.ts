import { requires } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { LabelService } from "./label-service";
import {
  LabelInputSchema,
  LabelListSchema,
  LabelSchema,
  labelParams,
  presentLabel,
  presentLabelRef,
  SessionLabelsSchema,
} from "./schemas";

const MANAGERS = "Admins and supervisors.";

/** Labels: kept by admins and supervisors, put on sessions by agents. */
export function labelRoutes(labels: LabelService) {
  const sessionLabelParams = sessionParams.extend(labelParams.shape);

  const list = defineRoute({
    method: "get",
    path: "/labels",
    operationId: "listLabels",
    tags: ["labels"],
    summary: "The desk's labels",
    description: "Agents, supervisors and admins; by name.",
    access: "token",
    requires: requires("session:list"),
    responses: { 200: json(LabelListSchema, "Every label, by name.") },
  });

  const create = defineRoute({
    method: "post",
    path: "/labels",
    operationId: "createLabel",
    tags: ["labels"],
    summary: "Add a label",
    description: `${MANAGERS} Names are unique whatever their case.`,
    access: "token",
    requires: requires("label:manage"),
    request: jsonBody(LabelInputSchema),
    responses: { 201: json(LabelSchema, "The label.") },
    refusals: { 409: "Another label has this name (problem type /problems/label-name-taken)." },
  });

  const update = defineRoute({
    method: "put",
    path: "/labels/{label_id}",
    operationId: "updateLabel",
    tags: ["labels"],
    summary: "Rename or recolour a label",
    description: `${MANAGERS} Sessions carrying it show the change at once.`,
    access: "token",
    requires: requires("label:manage"),
    request: { params: labelParams, ...jsonBody(LabelInputSchema) },
    responses: { 200: json(LabelSchema, "The label.") },
    refusals: { 409: "Another label has this name (problem type /problems/label-name-taken)." },
  });

  const remove = defineRoute({
    method: "delete",
    path: "/labels/{label_id}",
    operationId: "deleteLabel",
    tags: ["labels"],
    summary: "Remove a label",
    description: `${MANAGERS} It leaves every session; a routing rule that only set it goes, one that also routes keeps routing.`,
    access: "token",
    requires: requires("label:manage"),
    request: { params: labelParams },
    responses: { 204: { description: "Removed." } },
  });

  const ofSession = defineRoute({
    method: "get",
    path: "/sessions/{session_id}/labels",
    operationId: "listSessionLabels",
    tags: ["labels"],
    summary: "A session's labels",
    description:
      "Agents for the sessions they work on (their teams', those in no team, those they hold); supervisors and admins for any. Never customers.",
    access: "token",
    requires: requires("session:list"),
    request: { params: sessionParams },
    responses: { 200: json(SessionLabelsSchema, "Its labels, by name.") },
  });

  const attach = defineRoute({
    method: "put",
    path: "/sessions/{session_id}/labels/{label_id}",
    operationId: "addSessionLabel",
    tags: ["labels"],
    summary: "Put a label on a session",
    description:
      "Agents on the sessions they work on, supervisors on any. Putting it again changes nothing.",
    access: "token",
    requires: requires("label:apply"),
    request: { params: sessionLabelParams },
    responses: { 200: json(SessionLabelsSchema, "The session's labels now.") },
  });

  const detach = defineRoute({
    method: "delete",
    path: "/sessions/{session_id}/labels/{label_id}",
    operationId: "removeSessionLabel",
    tags: ["labels"],
    summary: "Take a label off a session",
    description: "As putting one. Taking off one it does not carry changes nothing.",
    access: "token",
    requires: requires("label:apply"),
    request: { params: sessionLabelParams },
    responses: { 200: json(SessionLabelsSchema, "The session's labels now.") },
  });

  const refs = (list: Awaited<ReturnType<LabelService["ofSession"]>>) => ({
    labels: list.map(presentLabelRef),
  });

  return createRouter()
    .openapi(list, async (c) =>
      c.json({ labels: (await labels.list(c.var.actor)).map(presentLabel) }, 200),
    )
    .openapi(create, async (c) =>
      c.json(presentLabel(await labels.create(c.var.actor, c.req.valid("json"))), 201),
    )
    .openapi(update, async (c) => {
      const { label_id } = c.req.valid("param");
      return c.json(
        presentLabel(await labels.update(c.var.actor, label_id, c.req.valid("json"))),
        200,
      );
    })
    .openapi(remove, async (c) => {
      await labels.remove(c.var.actor, c.req.valid("param").label_id);
      return c.body(null, 204);
    })
    .openapi(ofSession, async (c) =>
      c.json(refs(await labels.ofSession(c.var.actor, c.req.valid("param").session_id)), 200),
    )
    .openapi(attach, async (c) => {
      const { session_id, label_id } = c.req.valid("param");
      return c.json(refs(await labels.attach(c.var.actor, session_id, label_id)), 200);
    })
    .openapi(detach, async (c) => {
      const { session_id, label_id } = c.req.valid("param");
      return c.json(refs(await labels.detach(c.var.actor, session_id, label_id)), 200);
    });
}
