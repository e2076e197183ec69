import { and, count, eq, gt, isNotNull, notExists, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Role } from "../../platform/auth/roles";
import { compileNamed, p, prepared, runNamed, runOne } from "../../platform/db/statements";
import type { MessageView } from "../chat";
import { READ_FORWARD, upsertParticipant } from "./message-sql";
import { chatMessages, chatSessions, sessionParticipants } from "./schema";

export interface Participant {
  id: string;
  role: Role;
  name: string | null;
  joinedAt: string;
  leftAt: string | null;
  lastReadSeq: number;
}

const participantColumns = {
  participantId: sessionParticipants.participantId,
  role: sessionParticipants.role,
  displayName: sessionParticipants.displayName,
  joinedAt: sessionParticipants.joinedAt,
  leftAt: sessionParticipants.leftAt,
  lastReadSeq: sessionParticipants.lastReadSeq,
};

export function participantQueries(db: DrizzleD1Database) {
  const isSession = eq(chatSessions.id, p("sessionId"));
  const isCustomer = sql`${p("role")} = 'customer'`;
  // A customer reads as the session's customer, whatever their token's subject (an anonymous
  // token still open in another tab reads for the customer it was merged into).
  const reader = sql`case when ${isCustomer} then coalesce(${chatSessions.customerId}, ${p("participantId")}) else ${p("participantId")} end`;
  const isParticipant = and(
    eq(sessionParticipants.sessionId, chatSessions.id),
    eq(sessionParticipants.participantId, reader),
  );
  /**
   * Messages after the reader's marker that they may see (a customer: public ones only), not their
   * own: a customer's message leaves their marker where it was (one row written less).
   */
  const unread = db
    .select({ n: count() })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, chatSessions.id),
        gt(chatMessages.seq, sql`coalesce(${sessionParticipants.lastReadSeq}, 0)`),
        or(sql`${p("seesAll")} = 1`, eq(chatMessages.visibility, "public")),
        sql`${chatMessages.authorId} is not ${reader}`,
      ),
    );
  return {
    markRead: compileNamed({
      mark: upsertParticipant(
        db,
        {
          sessionId: chatSessions.id,
          participantId: reader,
          role: sql`${p("role")}`,
          // The session's customer keeps the name and the start the session's row gave them.
          displayName: sql`case when ${isCustomer} then coalesce(${chatSessions.customerName}, ${p("name")}) else ${p("name")} end`,
          joinedAt: sql`case when ${isCustomer} then ${chatSessions.createdAt} else ${p("timestamp")} end`,
          // A resolved session's customer left when it was resolved, whenever they read it; anyone
          // else who first reads it then comes and goes at once.
          leftAt: sql`case when ${chatSessions.status} = 'resolved' then (case when ${isCustomer} then ${chatSessions.resolvedAt} else ${p("timestamp")} end) end`,
          lastReadSeq: sql`min(${p("seq")}, ${chatSessions.lastSeq})`,
        },
        chatSessions,
        isSession,
        { lastReadSeq: READ_FORWARD },
      ),
      state: db
        .select({
          lastReadSeq: sessionParticipants.lastReadSeq,
          unread: sql<number>`(${unread})`.as("unread"),
        })
        .from(chatSessions)
        .leftJoin(sessionParticipants, isParticipant)
        .where(isSession),
    }),
    participants: db
      .select(participantColumns)
      .from(sessionParticipants)
      .where(eq(sessionParticipants.sessionId, p("sessionId")))
      .unionAll(
        // The session's customer takes part from its start without a row of their own until they
        // mark something read (starting a session writes one row less).
        db
          .select({
            participantId: sql<string>`${chatSessions.customerId}`.as("participant_id"),
            role: sql<string>`'customer'`.as("role"),
            displayName: sql<string | null>`${chatSessions.customerName}`.as("display_name"),
            joinedAt: sql<string>`${chatSessions.createdAt}`.as("joined_at"),
            leftAt: sql<
              string | null
            >`case when ${chatSessions.status} = 'resolved' then ${chatSessions.resolvedAt} end`.as(
              "left_at",
            ),
            lastReadSeq: sql<number>`0`.as("last_read_seq"),
          })
          .from(chatSessions)
          .where(
            and(
              isSession,
              isNotNull(chatSessions.customerId),
              notExists(
                db
                  .select({ one: sql`1` })
                  .from(sessionParticipants)
                  .where(
                    and(
                      eq(sessionParticipants.sessionId, chatSessions.id),
                      eq(sessionParticipants.participantId, chatSessions.customerId),
                    ),
                  ),
              ),
            ),
          ),
      )
      .orderBy(sql`joined_at`)
      .toSQL(),
  };
}

/** Who takes part in a session, in which role, since when, and how far each has read. */
export class ParticipantRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, participantQueries);
  }

  /**
   * Moves a participant's read marker forward (never back, never past the last message); answers
   * the marker and how many messages after it the participant may see (`view`).
   */
  async markRead(
    sessionId: string,
    participant: { id: string; role: Role; name: string | null },
    seq: number,
    timestamp: string,
    view: MessageView,
  ): Promise<{ lastReadSeq: number; unread: number } | null> {
    const values = {
      sessionId,
      participantId: participant.id,
      role: participant.role,
      name: participant.name,
      seq,
      timestamp,
      seesAll: view === "all" ? 1 : 0,
    };
    const result = await runNamed(this.d1, this.statements.markRead, values);
    const row = result.state.rows[0];
    return row ? { lastReadSeq: Number(row.last_read_seq ?? 0), unread: Number(row.unread) } : null;
  }

  async participants(sessionId: string): Promise<Participant[]> {
    const { rows } = await runOne(this.d1, this.statements.participants.bind({ sessionId }));
    return rows.map((row) => ({
      id: row.participant_id as string,
      role: row.role as Role,
      name: row.display_name as string | null,
      joinedAt: row.joined_at as string,
      leftAt: row.left_at as string | null,
      lastReadSeq: row.last_read_seq as number,
    }));
  }
}
