import { ConflictError } from "../platform/errors";

/** `bot`: the AI first responder owns the session, outside the human queue, until a handoff. */
export const SESSION_STATUSES = ["bot", "open", "assigned", "resolved"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** From least to most urgent: the queue serves the most urgent first, escalation moves one up. */
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const OUTCOMES = ["resolved", "abandoned", "duplicate", "spam"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the agents' live queue is told about a session: a transition's `done`, or these. */
export const QUEUE_CHANGES = [
  "created",
  "message",
  "claimed",
  "assigned",
  "transferred",
  "escalated",
  "resolved",
  "reopened",
  "rated",
  "handed_off",
  "sla_breached",
  /** A label was put on or taken off (desk data: the queue's consoles read their lists again). */
  "labeled",
  /** The customer was named in their contact: lists read again, an open conversation reads itself. */
  "renamed",
] as const;
export type QueueChange = (typeof QUEUE_CHANGES)[number];

/**
 * Every allowed change of a session's status: the one table the lifecycle follows, from which the
 * SQL of each transition takes its guard (`from`) and what it sets (`to`). `bot`: the AI first
 * responder answers, outside the human queue; `open` waits for an agent, `assigned` has one,
 * `resolved` is done (a customer message reopens it within the configured window). Anything not
 * listed here is a 409. `done` names the change, for refusals ("cannot be claimed") and for the
 * live queue ("claimed").
 */
export const TRANSITIONS = {
  /** The next waiting session, for the calling agent. */
  claim: { from: ["open"], to: "assigned", done: "claimed" },
  /** This session, for the calling agent: a takeover from the bot, or a waiting one. */
  take: { from: ["bot", "open"], to: "assigned", done: "claimed" },
  /** Automatic assignment (a team routed `auto`): the online agent with the most room takes it. */
  route: { from: ["open"], to: "assigned", done: "claimed" },
  /** To another team's queue (a transfer to a team). */
  move: { from: ["open", "assigned"], to: "open", done: "transferred" },
  assign: { from: ["bot", "open", "assigned"], to: "assigned", done: "assigned" },
  transfer: { from: ["assigned"], to: "assigned", done: "transferred" },
  escalate: { from: ["open", "assigned"], to: "unchanged", done: "escalated" },
  /** A service level was missed: escalated, as by an agent, and supervisors are told. */
  breach: { from: ["open", "assigned"], to: "unchanged", done: "sla_breached" },
  /** The bot gives the session to the human queue. */
  handoff: { from: ["bot"], to: "open", done: "handed_off" },
  resolve: { from: ["bot", "open", "assigned"], to: "resolved", done: "resolved" },
  /** The customer ends a conversation the bot was having with them. */
  finish: { from: ["bot"], to: "resolved", done: "resolved" },
  reopen: { from: ["resolved"], to: "open", done: "reopened" },
} as const satisfies Record<
  string,
  { from: readonly SessionStatus[]; to: SessionStatus | "unchanged"; done: QueueChange }
>;

export type Transition = keyof typeof TRANSITIONS;

/** Throws a ConflictError unless `transition` is allowed from `from`. */
export function checkTransition(transition: Transition, from: SessionStatus): void {
  if (!(TRANSITIONS[transition].from as readonly SessionStatus[]).includes(from)) {
    throw new ConflictError(`A session that is ${from} cannot be ${TRANSITIONS[transition].done}.`);
  }
}

/** The bot owns a session in these statuses: it may still answer, or hand off. */
export const BOT_STATUSES: readonly SessionStatus[] = TRANSITIONS.handoff.from;

/** People answer a session in these statuses: it waits for one, or one has it. */
export const HUMAN_STATUSES: readonly SessionStatus[] = TRANSITIONS.escalate.from;

/** No person has a session in these statuses yet (one may take it): a keyword rule may still move it. */
export const UNATTENDED_STATUSES: readonly SessionStatus[] = TRANSITIONS.take.from;

/** A customer cannot write into a session in these statuses without reopening it first. */
export const CLOSED_STATUSES: readonly SessionStatus[] = TRANSITIONS.reopen.from;

/** A waiting session's next agent answer, when its team's service levels make one due. */
export const DUE_KINDS = ["first_response", "next_response"] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** Escalation raises the priority one step (urgent stays urgent). */
export function raisedPriority(priority: Priority): Priority {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + 1, PRIORITIES.length - 1)] as Priority;
}
