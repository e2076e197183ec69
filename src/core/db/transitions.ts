import type { Role } from "../../platform/auth/roles";
import { type Prepared, runBound, type Value } from "../../platform/db/statements";
import type { ChatSession, Message, Visibility } from "../chat";
import { TRANSITIONS, type Transition } from "../lifecycle";
import type { SystemLine } from "../system-lines";
import { type OwedRef, owedId } from "./outbox-sql";
import { toMessage, toSession } from "./rows";
import type { transitionBlocks } from "./transition-blocks";

/** A transition's system message, and (for a handoff) the internal note that follows it. */
export interface TransitionInput {
  transitionId: string;
  messageId: string;
  timestamp: string;
  /** What its system message says, in each language (the statement picks the session's). */
  line: SystemLine;
  visibility: Visibility;
  note?: { id: string; content: string };
  /** The team the session leaves, if it does (its queue is told too). */
  leftTeamId?: string | null;
}

/** Whom a transition gives the session to. */
export interface AgentRef {
  id: string;
  name: string | null;
  role: Role;
}

export interface TransitionResult {
  /** The session after the attempt; null when it does not exist. */
  session: ChatSession | null;
  /** The messages this request wrote, in seq order; none when its guard did not hold. */
  messages: Message[];
  /** The outbox entry of what it owes (its fan-out); null when it wrote nothing. */
  owed: OwedRef | null;
  /** The teams of the agent it freed, read in its batch (resolve, transfer); undefined: not read. */
  freedTeams?: string[];
}

/** One transition's statements, compiled (transitionBlocks' `transitionBatch`), then prepared. */
export type TransitionBatch = Prepared<
  ReturnType<ReturnType<typeof transitionBlocks>["transitionBatch"]>
>;

/** A transition's message input: fresh ids, now, and what its system message says. */
export function newTransitionInput(
  { clock, newId }: { clock: () => Date; newId: () => string },
  line: SystemLine,
  visibility: Visibility = "public",
): TransitionInput {
  return {
    transitionId: newId(),
    messageId: newId(),
    timestamp: clock().toISOString(),
    line,
    visibility,
  };
}

export const agentValues = (agent: AgentRef): Record<string, Value> => ({
  agentId: agent.id,
  agentName: agent.name,
  agentRole: agent.role,
});

/**
 * Runs one transition's batch (one D1 transaction) with `values` and the input's message, recording
 * what it owes under its change (the lifecycle table's `done`); answers the session and what it wrote.
 */
export async function runTransition(
  d1: D1Database,
  batch: TransitionBatch,
  transition: Transition,
  values: Record<string, Value>,
  { note, leftTeamId = null, line, ...message }: TransitionInput,
): Promise<TransitionResult> {
  const bound = {
    ...values,
    ...message,
    line: JSON.stringify(line),
    noteId: note?.id ?? null,
    note: note?.content ?? null,
    change: TRANSITIONS[transition].done,
    leftTeamId,
  } as Record<string, Value>;
  const result = await runBound(d1, {
    ...Object.fromEntries(batch.steps.map((step, i) => [`step ${i}`, step.bind(bound)])),
    owe: batch.owe.bind(bound),
    session: batch.session.bind(bound),
    messages: batch.messages.bind(bound),
    ...(batch.freedTeams && { freedTeams: batch.freedTeams.bind(bound) }),
  } as Record<"session" | "messages" | "owe" | "freedTeams", D1PreparedStatement>);
  const session = result.session.rows[0];
  return {
    session: session ? toSession(session) : null,
    messages: result.messages.rows.map(toMessage),
    owed: owedId(result.owe.rows),
    ...(batch.freedTeams && {
      freedTeams: result.freedTeams.rows.map((row) => row.team_id as string),
    }),
  };
}
