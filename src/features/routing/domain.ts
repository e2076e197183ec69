import type { Priority, QueueChange } from "../../core/lifecycle";
import { parseWeeklyHours, type WeeklyHours } from "../../platform/weekly-hours";

// Routing: teams, who is available, and the promises a team makes (service levels).

/** An agent's availability: online agents get sessions; away agents keep theirs; offline: no console. */
export const AVAILABILITY = ["online", "away", "offline"] as const;
export type Availability = (typeof AVAILABILITY)[number];
/** What an agent may choose; offline follows from having no console connected. */
export const CHOSEN_AVAILABILITY = ["online", "away"] as const;
export type ChosenAvailability = (typeof CHOSEN_AVAILABILITY)[number];

export function availabilityOf(chosen: ChosenAvailability, connected: boolean): Availability {
  return connected ? chosen : "offline";
}

/** `auto`: the queue pushes each session to an agent; `manual`: agents claim. */
export const ROUTING_MODES = ["auto", "manual"] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/** Per priority: seconds to the first agent answer, and to each next one after a customer writes. */
export type ServiceLevels = Partial<
  Record<Priority, { first_response_seconds: number; next_response_seconds: number }>
>;

export interface Team {
  id: string;
  name: string;
  routing: RoutingMode;
  /** Weekly hours ("Mon-Fri 09:00-17:00") in `timeZone`; null: always. */
  hours: string | null;
  timeZone: string;
  serviceLevels: ServiceLevels;
  members: string[];
  createdAt: string;
  updatedAt: string;
}

/** When a team works (its weekly hours, parsed), if it says; null for no team or always. */
export function hoursOfTeam(team: Team | null): WeeklyHours | null {
  return team?.hours ? parseWeeklyHours(team.hours, team.timeZone) : null;
}

/**
 * The simple routing rules, tried in order: the first matching one that names a team sends the
 * session there; every matching one that names a label puts it on the session.
 */
export const RULE_KINDS = ["page_url", "keyword"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface RoutingRule {
  id: string;
  /** Where it sends the session, and the label it puts on it: at least one of the two. */
  teamId: string | null;
  labelId: string | null;
  kind: RuleKind;
  /** page_url: a part of the page's URL; keyword: a word or phrase of the customer's first message. */
  pattern: string;
  position: number;
}

/** The team of the first rule of `kind` naming one that `text` matches (case-insensitive), or null. */
export function matchRule(rules: RoutingRule[], kind: RuleKind, text: string): string | null {
  return matching(rules, kind, text).find((rule) => rule.teamId)?.teamId ?? null;
}

/** The rules of `kind` naming a label that `text` matches, in order. */
export function matchLabelRules(rules: RoutingRule[], kind: RuleKind, text: string): RoutingRule[] {
  return matching(rules, kind, text).filter((rule) => rule.labelId);
}

function matching(rules: RoutingRule[], kind: RuleKind, text: string): RoutingRule[] {
  const haystack = kind === "keyword" ? ` ${words(text)} ` : text.toLowerCase();
  return rules
    .filter((r) => r.kind === kind)
    .toSorted((a, b) => a.position - b.position)
    .filter((r) =>
      kind === "keyword"
        ? haystack.includes(` ${words(r.pattern)} `)
        : haystack.includes(r.pattern.toLowerCase()),
    );
}

const words = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");

/** When the first answer to a session entering the queue at `at` is due, by its team's promise. */
export function firstResponseDue(
  levels: ServiceLevels,
  priority: Priority,
  at: string,
): string | null {
  const seconds = levels[priority]?.first_response_seconds;
  return seconds === undefined ? null : new Date(Date.parse(at) + seconds * 1000).toISOString();
}

/**
 * Which teams' live queues hear of a change: the session's team (or the sessions in no team), as
 * it is after the change, and the team it left (`leftTeamId`, null for no team; undefined when it
 * stayed), whose consoles drop it. None for a message in a session someone holds: it changes
 * nothing in anyone's queue but the holder's unread count, and the holder's desk follows the
 * session's own room for that (one Durable Object request a message, not two).
 */
export function queueAudience(
  change: QueueChange,
  session: { teamId: string | null; assigneeId: string | null },
  leftTeamId?: string | null,
): (string | null)[] {
  if (change === "message" && session.assigneeId) return [];
  const left = leftTeamId !== undefined && leftTeamId !== session.teamId;
  return left ? [session.teamId, leftTeamId] : [session.teamId];
}
