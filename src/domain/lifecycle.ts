import { ConflictError } from "./errors";

export const SESSION_STATUSES = ["open", "assigned", "resolved"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const OUTCOMES = ["resolved", "abandoned", "duplicate", "spam"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Transition = "claim" | "assign" | "transfer" | "escalate" | "resolve" | "reopen";

/**
 * Every allowed change of a session's status: the one table the workflow follows. `open` waits for
 * an agent, `assigned` has one, `resolved` is done (a customer message reopens it within the
 * configured window). Anything not listed here is a 409.
 */
export const TRANSITIONS: Record<
  Transition,
  { from: readonly SessionStatus[]; to: SessionStatus | "unchanged" }
> = {
  claim: { from: ["open"], to: "assigned" },
  assign: { from: ["open", "assigned"], to: "assigned" },
  transfer: { from: ["assigned"], to: "assigned" },
  escalate: { from: ["open", "assigned"], to: "unchanged" },
  resolve: { from: ["open", "assigned"], to: "resolved" },
  reopen: { from: ["resolved"], to: "open" },
};

/** The status after `transition` from `from`, or a ConflictError when it is not allowed. */
export function nextStatus(transition: Transition, from: SessionStatus): SessionStatus {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(from)) {
    throw new ConflictError(`A session that is ${from} cannot be ${PAST[transition]}.`);
  }
  return rule.to === "unchanged" ? from : rule.to;
}

const PAST: Record<Transition, string> = {
  claim: "claimed",
  assign: "assigned",
  transfer: "transferred",
  escalate: "escalated",
  resolve: "resolved",
  reopen: "reopened",
};

/** Escalation raises the priority one step (urgent stays urgent). */
export function raisedPriority(priority: Priority): Priority {
  return PRIORITIES[Math.min(PRIORITIES.indexOf(priority) + 1, PRIORITIES.length - 1)] as Priority;
}
