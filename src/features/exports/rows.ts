import type { z } from "@hono/zod-openapi";
import type { AnalyticsSummarySchema } from "../analytics";
import type { LabelRef } from "../labels";
import type { QueuePage } from "../workflow";
import type { Cell } from "./csv";

// What each CSV holds: its header and one record per session or per scope of the figures.

export const SESSION_HEADER = [
  "id",
  "created_at",
  "updated_at",
  "status",
  "outcome",
  "priority",
  "escalated",
  "team_id",
  "assignee_id",
  "assignee_name",
  "customer_id",
  "customer_name",
  "queued_at",
  "first_response_at",
  "assigned_at",
  "resolved_at",
  "rating",
  "rating_comment",
  "due_at",
  "due_kind",
  "sla_breached_at",
  "page_url",
  "labels",
];

export function sessionRow({ session: s, labels }: QueuePage["rows"][number]): Cell[] {
  return [
    s.id,
    s.createdAt,
    s.updatedAt,
    s.status,
    s.outcome,
    s.priority,
    s.escalated,
    s.teamId,
    s.assigneeId,
    s.assigneeName,
    s.customerId,
    s.customerName,
    s.queuedAt,
    s.firstResponseAt,
    s.assignedAt,
    s.resolvedAt,
    s.rating?.score,
    s.rating?.comment,
    s.dueAt,
    s.dueKind,
    s.slaBreachedAt,
    s.pageUrl,
    labelNames(labels),
  ];
}

const labelNames = (labels: LabelRef[]) => labels.map((label) => label.name).join("; ");

export const ANALYTICS_HEADER = [
  "scope",
  "id",
  "name",
  "started",
  "resolved",
  "abandoned",
  "first_response_median_seconds",
  "first_response_p90_seconds",
  "resolution_median_seconds",
  "resolution_p90_seconds",
  "average_rating",
  "ratings",
  "assignments",
  "sla_measured",
  "sla_breached",
  "sla_attainment",
];

type Summary = z.input<typeof AnalyticsSummarySchema>;
type Duration = Summary["team"]["time_to_first_response"];
type Levels = Summary["agents"][number]["service_levels"];

const times = (d: Duration | null) => [d?.median, d?.p90];
const levels = (l: Levels | null) => [l?.measured, l?.breached, l?.attainment];

/** The desk, then each agent, team and label, as one table (blank where a scope has no figure). */
export function analyticsRows(summary: Summary): Cell[][] {
  const { team: desk } = summary;
  return [
    [
      "desk",
      null,
      null,
      desk.started,
      desk.resolved,
      desk.abandoned,
      ...times(desk.time_to_first_response),
      ...times(desk.time_to_resolution),
      desk.average_rating,
      desk.ratings,
      null,
      ...levels(null),
    ],
    ...summary.agents.map((a) => [
      "agent",
      a.agent_id,
      a.agent_name,
      a.started,
      a.resolved,
      a.abandoned,
      ...times(a.time_to_first_response),
      ...times(a.time_to_resolution),
      a.average_rating,
      a.ratings,
      a.assignments,
      ...levels(a.service_levels),
    ]),
    ...summary.teams.map((t) => [
      "team",
      t.team_id,
      null,
      t.started,
      null,
      null,
      ...times(t.time_to_first_response),
      ...times(null),
      null,
      null,
      null,
      ...levels(t.service_levels),
    ]),
    ...summary.labels.map((l) => [
      "label",
      l.label_id,
      l.name,
      l.started,
      l.resolved,
      l.abandoned,
      ...times(null),
      ...times(l.time_to_resolution),
      l.average_rating,
      l.ratings,
      null,
      ...levels(null),
    ]),
  ];
}
