import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { type CompiledQuery, p } from "../../platform/db/statements";
import {
  type DueKind,
  PRIORITIES,
  raisedPriority,
  TRANSITIONS,
  type Transition,
} from "../lifecycle";
import { insertMessageFromSession, storedByBatch, upsertParticipant } from "./message-sql";
import { oweMessages } from "./outbox-sql";
import {
  agents,
  chatMessages,
  chatSessions,
  sessionParticipants,
  teamMembers,
  teams,
} from "./schema";

/** What `transition` sets: its target status (the lifecycle table's `to`), unless it keeps it. */
export const target = (transition: Transition) => {
  const to = TRANSITIONS[transition].to;
  return to === "unchanged" ? {} : { status: sql`${to}` };
};

/** Escalation's next priority for each priority, from the lifecycle's rule. */
export const RAISED_PRIORITY = sql.join(
  [
    sql`case ${chatSessions.priority}`,
    ...PRIORITIES.map((priority) => sql`when ${priority} then ${raisedPriority(priority)}`),
    sql`end`,
  ],
  sql` `,
);

/** What an escalation sets (by an agent, or for a missed service level): flagged, a step more urgent. */
export const ESCALATED = {
  escalated: sql`1`,
  escalationReason: sql`${p("reason")}`,
  priority: RAISED_PRIORITY,
};

/** Seconds of the service level `kind` for the session's priority in `team`'s promises, or null. */
const levelSeconds = (kind: DueKind, team: SQL) =>
  sql`(select json_extract(${teams.serviceLevels}, '$.' || ${chatSessions.priority} || ${`.${kind}_seconds`}) from ${teams} where ${teams.id} = ${team})`;

/**
 * When the answer of `kind` is due, from `at`, by the service levels of `team` (by default the
 * session's): null when the team promises none. Computed in the statement that writes it.
 */
export const dueAfter = (kind: DueKind, at: SQL, team: SQL = sql`${chatSessions.teamId}`) => ({
  dueAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+' || ${levelSeconds(kind, team)} || ' seconds')`,
  dueKind: sql`case when ${levelSeconds(kind, team)} is null then null else ${kind} end`,
});

/**
 * Whether the session's status allows `transition` (the lifecycle table's `from`). Constants, not
 * parameters: SQLite finds the waiting queue's partial index (status = 'open') only by its text.
 */
export const allows = (transition: Transition) => {
  const from: readonly string[] = TRANSITIONS[transition].from;
  const listed = sql.raw(from.map((status) => `'${status}'`).join(", "));
  return from.length === 1
    ? sql`${chatSessions.status} = ${listed}`
    : sql`${chatSessions.status} in (${listed})`;
};

/** The session's language as languageOf (platform/locale.ts) names it: `de` for de-AT, `en` for none. */
const SESSION_LANGUAGE = sql`coalesce(lower(substr(${chatSessions.locale}, 1, instr(${chatSessions.locale} || '-', '-') - 1)), 'en')`;

/**
 * Part `i` of the transition's system line (the `line` placeholder: JSON by language, see
 * core/system-lines.ts) in the session's language, else in English.
 */
const linePart = (i: number) =>
  sql`coalesce(json_extract(${p("line")}, '$.' || ${SESSION_LANGUAGE} || '[${sql.raw(String(i))}]'), json_extract(${p("line")}, '$.en[${sql.raw(String(i))}]'))`;

/**
 * The blocks every transition's batch is built of (src/features/workflow/lifecycle-sql.ts, src/features/routing/routing-sql.ts): a
 * guarded update sets a fresh transition id, the statements after it find the row by that id (so
 * they do nothing when the guard did not hold), and the batch reads back what changed. The id has
 * no index of its own (one entry written, and billed, per transition): the row is found through
 * `locate`, an indexed lookup that holds it once the update applied (by default, its session id).
 */
export function transitionBlocks(db: DrizzleD1Database, locate?: SQL) {
  const isSession = eq(chatSessions.id, p("sessionId"));
  const byTransition = sql`(${locate ?? isSession} and ${eq(chatSessions.transitionId, p("transitionId"))})`;
  const step = {
    lastSeq: sql`${chatSessions.lastSeq} + 1`,
    updatedAt: sql`${p("timestamp")}`,
    transitionId: sql`${p("transitionId")}`,
  };
  const assignTo = (transition: Transition) => ({
    ...step,
    ...target(transition),
    assigneeId: sql`${p("agentId")}`,
    // The name the caller gave (their token's, or the console's pick), else the agents' directory.
    assigneeName: sql`coalesce(${p("agentName")}, (select ${agents.displayName} from ${agents} where ${agents.id} = ${p("agentId")}))`,
    assignedAt: sql`${p("timestamp")}`,
  });
  /** The assignee's name as customers read it: never their id (an SSO subject, an email). */
  const assigneeName = sql`coalesce(${chatSessions.assigneeName}, ${linePart(1)})`;
  /** "Alice joined": the system message of every transition that gives the session to someone. */
  const joined = () => systemMessage({ name: assigneeName });
  /**
   * The transition's system message: its line (the `line` placeholder, system-lines.ts) in the
   * session's language, with `names` put in for its `{name}` and `{to}`. `before`: written ahead
   * of the update, into the session this guard finds (its names may read the row as it was).
   */
  const systemMessage = (names: { name?: SQL; to?: SQL } = {}, before?: SQL) => {
    let content = linePart(0);
    if (names.name) content = sql`replace(${content}, '{name}', ${names.name})`;
    if (names.to) content = sql`replace(${content}, '{to}', ${names.to})`;
    return insertMessageFromSession(db, before ?? byTransition, {
      id: p("messageId"),
      authorType: sql`'system'`,
      clientMessageId: sql`null`,
      authorId: sql`null`,
      authorName: sql`null`,
      beforeBump: before !== undefined,
      content,
    });
  };
  const joinAssignee = upsertParticipant(
    db,
    {
      sessionId: chatSessions.id,
      participantId: chatSessions.assigneeId,
      role: sql`${p("agentRole")}`,
      displayName: chatSessions.assigneeName,
      joinedAt: sql`${p("timestamp")}`,
      lastReadSeq: chatSessions.lastSeq,
    },
    chatSessions,
    byTransition,
    { leftAt: sql`null`, role: sql`excluded.role` },
  );
  /** The current assignee leaves, if `guard` lets the transition apply. Runs before the update. */
  const assigneeLeaves = (guard: SQL | undefined) =>
    db
      .update(sessionParticipants)
      .set({ leftAt: sql`${p("timestamp")}` })
      .where(
        and(
          eq(sessionParticipants.sessionId, p("sessionId")),
          eq(
            sessionParticipants.participantId,
            db.select({ id: chatSessions.assigneeId }).from(chatSessions).where(guard),
          ),
        ),
      );
  // The system message and the note (when there is one) are the session's two newest at most.
  const written = storedByBatch(db, [p("messageId"), p("noteId")], byTransition);
  /**
   * A transition's batch: its `steps`, then what it owes (an outbox entry for the messages it wrote),
   * and the session (`where` finds it) and those messages read back: none when its guard did not
   * hold; with `freed`, that agent's teams. Compiled once; run by TransitionRepository.
   */
  const transitionBatch = (
    steps: readonly { toSQL(): CompiledQuery }[],
    where: SQL,
    freed?: SQL,
  ) => ({
    steps: steps.map((step) => step.toSQL()),
    owe: oweMessages(db, written).toSQL(),
    session: db.select().from(chatSessions).where(where).toSQL(),
    messages: db.select().from(chatMessages).where(written).orderBy(chatMessages.seq).toSQL(),
    // The teams of the agent the transition frees (`freed`) whose queues may move (routed
    // automatically, a session waiting): read in the same round trip, so the drain that follows
    // needs none of its own, and none at all when nothing waits.
    ...(freed && {
      freedTeams: db
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(
          and(
            eq(teamMembers.agentId, freed),
            sql`exists (select 1 from ${teams} where ${teams.id} = ${teamMembers.teamId} and ${teams.routing} = 'auto')`,
            sql`exists (select 1 from ${chatSessions} where ${chatSessions.teamId} = ${teamMembers.teamId} and ${allows("route")})`,
          ),
        )
        .toSQL(),
    }),
  });
  /** A second message of the same transition: an internal note at the next seq. */
  const note = [
    db
      .update(chatSessions)
      .set({ lastSeq: sql`${chatSessions.lastSeq} + 1` })
      .where(byTransition),
    insertMessageFromSession(db, byTransition, {
      id: p("noteId"),
      authorType: sql`'system'`,
      clientMessageId: sql`null`,
      authorId: sql`null`,
      authorName: sql`null`,
      content: p("note"),
      visibility: sql`'internal'`,
    }),
  ];

  return {
    isSession,
    byTransition,
    step,
    assignTo,
    systemMessage,
    assigneeName,
    linePart,
    joined,
    joinAssignee,
    assigneeLeaves,
    transitionBatch,
    note,
  };
}
