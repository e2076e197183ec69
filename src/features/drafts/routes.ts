import { requires } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { DraftService } from "./draft-service";
import { DraftSchema, draftBody, presentDraft, presentSummary, SummarySchema } from "./schemas";

const WHO =
  "Agents and supervisors, in sessions they work on (an agent: their teams', those in no team, those they hold). Answers within the model's budget (AI_TIMEOUT_MS) whatever the model does.";

/** The assistant at an agent's side: drafts and summaries, never sent by themselves. */
export function draftRoutes(drafts: DraftService) {
  const draft = defineRoute({
    method: "post",
    path: "/sessions/{session_id}/draft",
    operationId: "draftReply",
    tags: ["replies"],
    summary: "Draft a reply to the customer's latest message (nothing is sent)",
    description: `${WHO} With a model: a draft from the knowledge base and the public conversation, with its sources. Always: the best-matching articles and saved replies as suggestions (all there is with no model).`,
    access: "token",
    requires: requires("session:draft"),
    request: { params: sessionParams, ...jsonBody(draftBody, false) },
    responses: { 200: json(DraftSchema, "The draft (or why none) and the suggestions.") },
  });
  const summary = defineRoute({
    method: "post",
    path: "/sessions/{session_id}/summary",
    operationId: "summariseSession",
    tags: ["replies"],
    summary: "A short summary of the conversation, for a transfer or an escalation",
    description: `${WHO} With no model, or past its budget: the customer's own first and latest words.`,
    access: "token",
    requires: requires("session:draft"),
    request: { params: sessionParams, ...jsonBody(draftBody, false) },
    responses: { 200: json(SummarySchema, "The summary.") },
  });
  return createRouter()
    .openapi(draft, async (c) => {
      const { session_id } = c.req.valid("param");
      const { include_notes = false } = c.req.valid("json");
      return c.json(presentDraft(await drafts.draft(c.var.actor, session_id, include_notes)), 200);
    })
    .openapi(summary, async (c) => {
      const { session_id } = c.req.valid("param");
      const { include_notes = false } = c.req.valid("json");
      const written = await drafts.summary(c.var.actor, session_id, include_notes);
      return c.json(presentSummary(written), 200);
    });
}
