import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { oweChange } from "../../core/db/outbox-sql";
import { TRIAGE_KEY } from "../../core/db/queue-order";
import { agents, chatSessions, sessionParticipants } from "../../core/db/schema";
import {
  allows,
  dueAfter,
  ESCALATED,
  target,
  transitionBlocks,
} from "../../core/db/transition-blocks";
import { CLOSED_STATUSES } from "../../core/lifecycle";
import { compileNamed, p } from "../../platform/db/statements";
import { hasRoom, mayClaim } from "../routing";

/** The agent a claim, take or assignment is for. */
const agent = sql`${p("agentId")}`;

/**
 * The statements of every transition, compiled once. Each runs as one D1 batch (one transaction):
 * a guarded update that applies only from an allowed status and sets a fresh transition id, then
 * the statements that follow from it find the row by that id (so they do nothing when the guard
 * did not hold), then read back what changed. Its system message, read back by its own id,
 * says whether this very request applied the transition.
 */
export function transitionQueries(db: DrizzleD1Database) {
  const blocks = transitionBlocks(db);
  const { isSession, byTransition, step, assignTo, transitionBatch } = blocks;
  // A claim's session is not known before it: it is found again through its new holder.
  const claimed = transitionBlocks(db, eq(chatSessions.assigneeId, p("agentId")));
  const assignGuard = and(
    isSession,
    allows("assign"),
    or(isNull(chatSessions.assigneeId), ne(chatSessions.assigneeId, p("agentId"))),
  );
  // Its holder (or a supervisor) hands it to someone else; who held it is read in the same batch.
  const transferGuard = and(
    isSession,
    allows("transfer"),
    or(eq(chatSessions.assigneeId, p("actorId")), sql`${p("anyHolder")} = 1`),
    ne(chatSessions.assigneeId, p("agentId")),
  );
  /** "Alice handed the chat over to Bob": written before the update, while Alice holds it. */
  const handedOver = {
    name: blocks.assigneeName,
    to: sql`coalesce(${p("agentName")}, (select ${agents.displayName} from ${agents} where ${agents.id} = ${p("agentId")}), ${blocks.linePart(2)})`,
  };
  /** Ends the session with an outcome; everyone still in it leaves. */
  const resolution = (transition: "resolve" | "finish") =>
    transitionBatch(
      [
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target(transition),
            resolvedAt: sql`${p("timestamp")}`,
            outcome: sql`${p("outcome")}`,
            dueAt: sql`null`,
            dueKind: sql`null`,
          })
          .where(and(isSession, allows(transition))),
        blocks.systemMessage(),
        db
          .update(sessionParticipants)
          .set({ leftAt: sql`${p("timestamp")}` })
          .where(
            and(
              eq(sessionParticipants.sessionId, p("sessionId")),
              isNull(sessionParticipants.leftAt),
              sql`exists (select 1 from ${chatSessions} where ${byTransition})`,
            ),
          ),
      ],
      isSession,
      sql`(select ${chatSessions.assigneeId} from ${chatSessions} where ${byTransition})`,
    );
  const takeGuard = and(isSession, allows("take"), hasRoom(agent));
  // A claim takes from the agent's teams (or sessions in no team), only what needs no skill they lack.
  const claimable = mayClaim(agent);
  const nextInQueue = db
    .select({ id: chatSessions.id })
    .from(chatSessions)
    .where(and(allows("claim"), claimable))
    .orderBy(TRIAGE_KEY, chatSessions.id)
    .limit(1);
  const moveGuard = and(isSession, allows("move"));

  return {
    claim: claimed.transitionBatch(
      [
        db
          .update(chatSessions)
          .set(assignTo("claim"))
          .where(and(eq(chatSessions.id, nextInQueue), hasRoom(agent))),
        claimed.joined(),
        claimed.joinAssignee,
      ],
      claimed.byTransition,
    ),
    take: transitionBatch(
      [
        db.update(chatSessions).set(assignTo("take")).where(takeGuard),
        blocks.joined(),
        blocks.joinAssignee,
      ],
      isSession,
    ),
    assign: transitionBatch(
      [
        blocks.assigneeLeaves(assignGuard),
        db.update(chatSessions).set(assignTo("assign")).where(assignGuard),
        blocks.joined(),
        blocks.joinAssignee,
      ],
      isSession,
    ),
    transfer: transitionBatch(
      [
        blocks.assigneeLeaves(transferGuard),
        blocks.systemMessage(handedOver, transferGuard),
        db.update(chatSessions).set(assignTo("transfer")).where(transferGuard),
        blocks.joinAssignee,
      ],
      isSession,
      // The agent who left in this transition (the step before the update marked them).
      sql`(select ${sessionParticipants.participantId} from ${sessionParticipants} where ${sessionParticipants.sessionId} = ${p("sessionId")} and ${sessionParticipants.leftAt} = ${p("timestamp")} limit 1)`,
    ),
    escalate: transitionBatch(
      [
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target("escalate"),
            ...ESCALATED,
          })
          .where(and(isSession, allows("escalate"))),
        blocks.systemMessage(),
      ],
      isSession,
    ),
    move: transitionBatch(
      [
        blocks.assigneeLeaves(moveGuard),
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target("move"),
            teamId: sql`${p("teamId")}`,
            teamChosen: sql`1`,
            queuedAt: sql`${p("timestamp")}`,
            // The new team's promise (SET reads the old row: the team comes from the parameter).
            ...dueAfter("first_response", sql`${p("timestamp")}`, sql`${p("teamId")}`),
            assigneeId: sql`null`,
            assigneeName: sql`null`,
            assignedAt: sql`null`,
          })
          .where(moveGuard),
        blocks.systemMessage(),
      ],
      isSession,
    ),
    handoff: transitionBatch(
      [
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target("handoff"),
            queuedAt: sql`${p("timestamp")}`,
            ...dueAfter("first_response", sql`${p("timestamp")}`),
            handoffAt: sql`${p("timestamp")}`,
            handoffReason: sql`${p("reason")}`,
          })
          .where(and(isSession, allows("handoff"))),
        blocks.systemMessage(),
        ...blocks.note,
      ],
      isSession,
    ),
    resolve: resolution("resolve"),
    finish: resolution("finish"),
    reopen: transitionBatch(
      [
        db
          .update(chatSessions)
          .set({
            ...step,
            ...target("reopen"),
            queuedAt: sql`${p("timestamp")}`,
            ...dueAfter("first_response", sql`${p("timestamp")}`),
            resolvedAt: sql`null`,
            outcome: sql`null`,
            assigneeId: sql`null`,
            assigneeName: sql`null`,
            assignedAt: sql`null`,
          })
          .where(
            and(
              isSession,
              allows("reopen"),
              sql`${chatSessions.resolvedAt} >= ${p("reopenSince")}`,
            ),
          ),
        blocks.systemMessage(),
        // The customer who wrote is back (one with a read marker has a row the resolution left).
        db
          .update(sessionParticipants)
          .set({ leftAt: sql`null` })
          .where(
            and(
              eq(sessionParticipants.sessionId, p("sessionId")),
              eq(
                sessionParticipants.participantId,
                db
                  .select({ id: chatSessions.customerId })
                  .from(chatSessions)
                  .where(blocks.byTransition),
              ),
            ),
          ),
      ],
      isSession,
    ),
    /** Not a change of status: once, and only once the session is closed (resolved). */
    rate: compileNamed({
      rate: db
        .update(chatSessions)
        .set({
          rating: sql`${p("score")}`,
          ratingComment: sql`${p("comment")}`,
          ratedAt: sql`${p("timestamp")}`,
        })
        .where(
          and(
            isSession,
            inArray(chatSessions.status, [...CLOSED_STATUSES]),
            isNull(chatSessions.rating),
          ),
        )
        .returning({ id: chatSessions.id }),
      // What it owes (its event), only if this request's rating is the one recorded.
      owe: oweChange(
        db,
        and(
          isSession,
          eq(chatSessions.ratedAt, p("timestamp")),
          eq(chatSessions.rating, p("score")),
        ),
      ),
      session: db.select().from(chatSessions).where(isSession),
    }),
  };
}
