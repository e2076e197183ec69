import { and, eq, inArray, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { oweChange } from "../../core/db/outbox-sql";
import { TRIAGE_KEY } from "../../core/db/queue-order";
import { agents, chatSessions, teamMembers, teams } from "../../core/db/schema";
import {
  allows,
  dueAfter,
  ESCALATED,
  target,
  transitionBlocks,
} from "../../core/db/transition-blocks";
import { UNATTENDED_STATUSES } from "../../core/lifecycle";
import { compileNamed, p } from "../../platform/db/statements";
import { capacityOf, hasRoom, hasSkillFor, heldBy, memberOfTeam } from "./assignment-rules";

/**
 * The agent routing offers the session in scope (`chat_sessions`, the innermost unaliased one) to:
 * a member of its team, connected and online, with the skill it needs, with room (the rules in
 * assignment-rules.ts); the one with the most free capacity, then the one idle longest (never
 * assigned, or longest ago). Null when nobody may take it. Every condition is read in the statement
 * that assigns, so no interleaving can assign over capacity, twice, or outside the team.
 */
const candidate = sql`a.id`;
const BEST_AGENT = sql`(select a.id from ${agents} a
  where a.connected = 1 and a.chosen_status = 'online'
    and ${memberOfTeam(candidate)} and ${hasSkillFor(candidate)} and ${hasRoom(candidate)}
  order by ${capacityOf(candidate)} - ${heldBy(candidate)} desc,
    a.last_assigned_at is not null, a.last_assigned_at, a.id
  limit 1)`;

/** The session is in a team whose sessions are pushed to agents. */
const AUTO_TEAM = sql`${chatSessions.teamId} in (select ${teams.id} from ${teams} where ${teams.routing} = 'auto')`;

/**
 * Automatic assignment, as one transition: the update chooses the agent and checks everything in one
 * statement; the same system message ("Alice joined"), participant and read-back as a claim follow.
 * Also a keyword rule's move, and a missed service level's escalation.
 */
export function assignmentQueries(db: DrizzleD1Database) {
  const ofSession = transitionBlocks(db);
  const { isSession, byTransition, step, systemMessage, transitionBatch } = ofSession;
  // The team's next session is not known before it: it is found again through its new holder, one
  // of the team's members.
  const routedInTeam = transitionBlocks(
    db,
    inArray(
      chatSessions.assigneeId,
      db
        .select({ id: teamMembers.agentId })
        .from(teamMembers)
        .where(eq(teamMembers.teamId, p("teamId"))),
    ),
  );
  const assignBest = {
    ...step,
    ...target("route"),
    assigneeId: BEST_AGENT,
    assigneeName: sql`(select ${agents.displayName} from ${agents} where ${agents.id} = ${BEST_AGENT})`,
    assignedAt: sql`${p("timestamp")}`,
  };
  const guard = and(allows("route"), AUTO_TEAM, sql`${BEST_AGENT} is not null`);
  const nextInTeam = db
    .select({ id: chatSessions.id })
    .from(chatSessions)
    .where(
      and(eq(chatSessions.teamId, p("teamId")), allows("route"), sql`${BEST_AGENT} is not null`),
    )
    .orderBy(TRIAGE_KEY, chatSessions.id)
    .limit(1);
  const afterRoute = (blocks: typeof ofSession) => [
    blocks.joined(),
    blocks.joinAssignee,
    db
      .update(agents)
      .set({ lastAssignedAt: sql`${p("timestamp")}` })
      .where(
        eq(
          agents.id,
          db.select({ id: chatSessions.assigneeId }).from(chatSessions).where(blocks.byTransition),
        ),
      ),
  ];
  return {
    /**
     * A keyword rule's team, for a session whose team was not chosen and no person has yet; the team
     * it left is told (what it owes).
     */
    placeInTeam: compileNamed({
      move: db
        .update(chatSessions)
        .set({
          teamId: sql`${p("teamId")}`,
          teamChosen: sql`1`,
          transitionId: sql`${p("transitionId")}`,
          // A waiting session's first answer is due by the new team's promise.
          ...dueAfter(
            "first_response",
            sql`coalesce(${chatSessions.queuedAt}, ${p("timestamp")})`,
            sql`${p("teamId")}`,
          ),
        })
        .where(
          and(
            isSession,
            sql`${chatSessions.teamChosen} = 0`,
            inArray(chatSessions.status, [...UNATTENDED_STATUSES]),
          ),
        )
        .returning({ id: chatSessions.id }),
      owe: oweChange(db, byTransition),
      session: db.select().from(chatSessions).where(isSession),
    }),
    /** This session, if its team is routed automatically and someone may take it. */
    route: transitionBatch(
      [
        db.update(chatSessions).set(assignBest).where(and(isSession, guard)),
        ...afterRoute(ofSession),
      ],
      isSession,
    ),
    /** The team's next waiting session that someone may take (triage order). */
    routeNext: routedInTeam.transitionBatch(
      [
        db
          .update(chatSessions)
          .set(assignBest)
          .where(and(eq(chatSessions.id, nextInTeam), guard)),
        ...afterRoute(routedInTeam),
      ],
      routedInTeam.byTransition,
    ),
    /** A service level was missed: escalated as by an agent, and when it happened is kept. */
    breach: transitionBatch(
      [
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target("breach"),
            ...ESCALATED,
            slaBreachedAt: sql`${p("timestamp")}`,
            dueAt: sql`null`,
            dueKind: sql`null`,
          })
          .where(and(isSession, allows("breach"), sql`${chatSessions.dueAt} <= ${p("timestamp")}`)),
        systemMessage(),
      ],
      isSession,
    ),
  };
}
