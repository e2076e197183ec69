import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import type { ChatSession, Message, MessageView } from "../domain/chat";
import { type Priority, type SessionStatus, TRANSITIONS } from "../domain/lifecycle";
import type { Role } from "../domain/roles";
import { insertMessageFromSession } from "./chat-repository";
import { toMessage, toSession } from "./rows";
import { agents, chatMessages, chatSessions, sessionParticipants } from "./schema";
import { compileAll, guard, p, prepareAll, type Row, runBatch, type Value } from "./statements";

/** A transition's system message and who caused it. */
export interface TransitionInput {
  transitionId: string;
  messageId: string;
  timestamp: string;
  content: string;
  visibility: "public" | "internal";
}

export interface AgentRef {
  id: string;
  name: string | null;
  role: string;
}

export interface TransitionResult {
  /** The session after the attempt; null when it does not exist. */
  session: ChatSession | null;
  /** Whether the transition applied (its guard held); if not, nothing changed. */
  applied: boolean;
  /** The system message it wrote. */
  message: Message | null;
}

export interface QueueFilter {
  status?: SessionStatus;
  /** An agent id, or "none" for unassigned sessions. */
  assignee?: string;
  priority?: Priority;
  escalated?: boolean;
}

export type QueueSort = "waiting" | "activity";

export interface QueueRow {
  session: ChatSession;
  /** The row's place in its sort order, for the next page's cursor. */
  sortKey: string;
  lastMessage: Pick<Message, "seq" | "authorType" | "content" | "timestamp" | "visibility"> | null;
  unread: number;
}

const PRIORITY_RANK = sql`case ${chatSessions.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;
const WAITING_SINCE = sql`coalesce(${chatSessions.queuedAt}, ${chatSessions.createdAt})`;
/**
 * The triage order of the queue, as one text key: escalated first, then by priority, then the
 * longest-waiting ("0:1:2026-11-24T…" sorts before "1:2:2026-11-24T…"). Claims take the smallest.
 */
const TRIAGE_KEY = sql`(1 - ${chatSessions.escalated}) || ':' || ${PRIORITY_RANK} || ':' || ${WAITING_SINCE}`;

/** How many sessions the agent `:agentId` holds, and how many they may hold. */
const ASSIGNED_COUNT = sql`(select count(*) from ${chatSessions} where ${chatSessions.assigneeId} = ${p("agentId")} and ${chatSessions.status} = 'assigned')`;
const CAPACITY = sql`coalesce((select ${agents.capacity} from ${agents} where ${agents.id} = ${p("agentId")}), ${p("defaultCapacity")})`;

function buildQueries(db: DrizzleD1Database) {
  const isSession = eq(chatSessions.id, p("sessionId"));
  const byTransition = eq(chatSessions.transitionId, p("transitionId"));
  const from = (transition: keyof typeof TRANSITIONS) =>
    inArray(chatSessions.status, [...TRANSITIONS[transition].from]);
  const step = {
    lastSeq: sql`${chatSessions.lastSeq} + 1`,
    updatedAt: sql`${p("timestamp")}`,
    transitionId: sql`${p("transitionId")}`,
  };
  const assignTo = {
    ...step,
    status: sql`'assigned'`,
    assigneeId: sql`${p("agentId")}`,
    assigneeName: sql`${p("agentName")}`,
    assignedAt: sql`${p("timestamp")}`,
  };
  const systemMessage = insertMessageFromSession(db, byTransition, {
    id: p("messageId"),
    authorType: sql`'system'`,
    clientMessageId: sql`null`,
    authorId: sql`null`,
    authorName: sql`null`,
  });
  const joinAssignee = db
    .insert(sessionParticipants)
    .select(
      db
        .select({
          sessionId: chatSessions.id,
          participantId: chatSessions.assigneeId,
          role: sql<string>`${p("agentRole")}`.as("role"),
          displayName: chatSessions.assigneeName,
          joinedAt: sql<string>`${p("timestamp")}`.as("joined_at"),
          leftAt: sql<null>`null`.as("left_at"),
          lastReadSeq: chatSessions.lastSeq,
        })
        .from(chatSessions)
        .where(byTransition),
    )
    .onConflictDoUpdate({
      target: [sessionParticipants.sessionId, sessionParticipants.participantId],
      set: { leftAt: sql`null`, role: sql`excluded.role` },
    });
  /** The current assignee leaves, if `guard` lets the transition apply. Runs before the update. */
  const assigneeLeaves = (guardSql: SQL | undefined) =>
    db
      .update(sessionParticipants)
      .set({ leftAt: sql`${p("timestamp")}` })
      .where(
        and(
          eq(sessionParticipants.sessionId, p("sessionId")),
          eq(
            sessionParticipants.participantId,
            db.select({ id: chatSessions.assigneeId }).from(chatSessions).where(guardSql),
          ),
        ),
      );
  const readBack = (where: SQL) => [
    db.select().from(chatSessions).where(where),
    db
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.id, p("messageId"))),
  ];

  const assignGuard = and(
    isSession,
    from("assign"),
    or(isNull(chatSessions.assigneeId), ne(chatSessions.assigneeId, p("agentId"))),
  );
  const transferGuard = and(
    isSession,
    from("transfer"),
    eq(chatSessions.assigneeId, p("fromAgentId")),
    ne(chatSessions.assigneeId, p("agentId")),
  );
  const capacityLeft = sql`${ASSIGNED_COUNT} < ${CAPACITY}`;
  const nextInQueue = db
    .select({ id: chatSessions.id })
    .from(chatSessions)
    .where(from("claim"))
    .orderBy(TRIAGE_KEY, chatSessions.id)
    .limit(1);

  return {
    claim: compileAll([
      db
        .update(chatSessions)
        .set(assignTo)
        .where(and(eq(chatSessions.id, nextInQueue), capacityLeft)),
      systemMessage,
      joinAssignee,
      ...readBack(byTransition),
    ] as const),
    assign: compileAll([
      assigneeLeaves(assignGuard),
      db.update(chatSessions).set(assignTo).where(assignGuard),
      systemMessage,
      joinAssignee,
      ...readBack(isSession),
    ] as const),
    transfer: compileAll([
      assigneeLeaves(transferGuard),
      db.update(chatSessions).set(assignTo).where(transferGuard),
      systemMessage,
      joinAssignee,
      ...readBack(isSession),
    ] as const),
    escalate: compileAll([
      db
        .update(chatSessions)
        .set({
          ...step,
          escalated: sql`1`,
          escalationReason: sql`${p("reason")}`,
          priority: sql`case ${chatSessions.priority} when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end`,
        })
        .where(and(isSession, from("escalate"))),
      systemMessage,
      ...readBack(isSession),
    ] as const),
    resolve: compileAll([
      db
        .update(chatSessions)
        .set({
          ...step,
          status: sql`'resolved'`,
          resolvedAt: sql`${p("timestamp")}`,
          outcome: sql`${p("outcome")}`,
        })
        .where(and(isSession, from("resolve"))),
      systemMessage,
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
      ...readBack(isSession),
    ] as const),
    reopen: compileAll([
      db
        .update(chatSessions)
        .set({
          ...step,
          status: sql`'open'`,
          queuedAt: sql`${p("timestamp")}`,
          resolvedAt: sql`null`,
          outcome: sql`null`,
          assigneeId: sql`null`,
          assigneeName: sql`null`,
          assignedAt: sql`null`,
        })
        .where(
          and(isSession, from("reopen"), sql`${chatSessions.resolvedAt} >= ${p("reopenSince")}`),
        ),
      systemMessage,
      ...readBack(isSession),
    ] as const),
    rate: compileAll([
      db
        .update(chatSessions)
        .set({
          rating: sql`${p("score")}`,
          ratingComment: sql`${p("comment")}`,
          ratedAt: sql`${p("timestamp")}`,
        })
        .where(and(isSession, eq(chatSessions.status, "resolved"), isNull(chatSessions.rating))),
      db.select().from(chatSessions).where(isSession),
    ] as const),
    markRead: compileAll([
      db
        .insert(sessionParticipants)
        .select(
          db
            .select({
              sessionId: chatSessions.id,
              participantId: sql<string>`${p("participantId")}`.as("participant_id"),
              role: sql<string>`${p("role")}`.as("role"),
              displayName: sql<string | null>`${p("name")}`.as("display_name"),
              joinedAt: sql<string>`${p("timestamp")}`.as("joined_at"),
              leftAt: sql<null>`null`.as("left_at"),
              lastReadSeq: sql<number>`min(${p("seq")}, ${chatSessions.lastSeq})`.as(
                "last_read_seq",
              ),
            })
            .from(chatSessions)
            .where(isSession),
        )
        .onConflictDoUpdate({
          target: [sessionParticipants.sessionId, sessionParticipants.participantId],
          set: {
            lastReadSeq: sql`max(${sessionParticipants.lastReadSeq}, excluded.last_read_seq)`,
          },
        }),
      db
        .select({ lastReadSeq: sessionParticipants.lastReadSeq, lastSeq: chatSessions.lastSeq })
        .from(chatSessions)
        .leftJoin(
          sessionParticipants,
          and(
            eq(sessionParticipants.sessionId, chatSessions.id),
            eq(sessionParticipants.participantId, p("participantId")),
          ),
        )
        .where(isSession),
    ] as const),
    participants: db
      .select()
      .from(sessionParticipants)
      .where(eq(sessionParticipants.sessionId, p("sessionId")))
      .orderBy(asc(sessionParticipants.joinedAt))
      .toSQL(),
    agentLoad: db
      .select({
        assigned: sql<number>`${ASSIGNED_COUNT}`.as("assigned"),
        capacity: sql<number>`${CAPACITY}`.as("capacity"),
      })
      .from(sql`(select 1)`)
      .toSQL(),
    setCapacity: db
      .insert(agents)
      .values({ id: p("agentId"), capacity: p("capacity"), updatedAt: p("timestamp") })
      .onConflictDoUpdate({
        target: agents.id,
        set: { capacity: sql`excluded.capacity`, updatedAt: sql`excluded.updated_at` },
      })
      .toSQL(),
  };
}

let queries: ReturnType<typeof buildQueries> | undefined;

/** The support workflow's data: transitions, the queue, read state, agents. */
export class WorkflowRepository {
  private readonly db: DrizzleD1Database;
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.db = drizzle(d1);
    queries ??= buildQueries(this.db);
    this.statements = prepareAll(d1, queries);
  }

  /**
   * Gives `agent` the longest-waiting open session (escalated, then urgent, first) in one
   * transaction, if their capacity allows: two agents claiming at once never get the same one.
   */
  async claim(agent: AgentRef, defaultCapacity: number, input: TransitionInput) {
    return this.run("claim", { ...agentValues(agent), defaultCapacity, sessionId: null }, input);
  }

  async assign(sessionId: string, agent: AgentRef, input: TransitionInput) {
    return this.run("assign", { ...agentValues(agent), sessionId }, input);
  }

  /** Hands the session from `fromAgentId` (who must hold it) to `agent`. */
  async transfer(sessionId: string, fromAgentId: string, agent: AgentRef, input: TransitionInput) {
    return this.run("transfer", { ...agentValues(agent), sessionId, fromAgentId }, input);
  }

  async escalate(sessionId: string, reason: string, input: TransitionInput) {
    return this.run("escalate", { sessionId, reason }, input);
  }

  async resolve(sessionId: string, outcome: string, input: TransitionInput) {
    return this.run("resolve", { sessionId, outcome }, input);
  }

  /** Reopens a session resolved at or after `since`. */
  async reopen(sessionId: string, since: string, input: TransitionInput) {
    return this.run("reopen", { sessionId, reopenSince: since }, input);
  }

  /** Records a rating once, on a resolved session; answers whether it was recorded. */
  async rate(sessionId: string, score: number, comment: string | null, timestamp: string) {
    const [update, read] = this.statements.rate;
    const values = { sessionId, score, comment, timestamp };
    const [, rows] = await runBatch(this.d1, [update.bind(values), read.bind(values)]);
    const session = rows[0] ? toSession(rows[0]) : null;
    return { session, applied: session?.rating?.ratedAt === timestamp };
  }

  /** Moves a participant's read marker forward (never back, never past the last message). */
  async markRead(
    sessionId: string,
    participant: { id: string; role: string; name: string | null },
    seq: number,
    timestamp: string,
  ): Promise<{ lastReadSeq: number; lastSeq: number } | null> {
    const [upsert, read] = this.statements.markRead;
    const values = {
      sessionId,
      participantId: participant.id,
      role: participant.role,
      name: participant.name,
      seq,
      timestamp,
    };
    const [, rows] = await runBatch(this.d1, [upsert.bind(values), read.bind(values)]);
    const row = rows[0];
    return row
      ? { lastReadSeq: Number(row.last_read_seq ?? 0), lastSeq: Number(row.last_seq) }
      : null;
  }

  async participants(sessionId: string) {
    const [rows] = await runBatch(this.d1, [this.statements.participants.bind({ sessionId })]);
    return rows.map((row) => ({
      id: row.participant_id as string,
      role: row.role as Role,
      name: row.display_name as string | null,
      joinedAt: row.joined_at as string,
      leftAt: row.left_at as string | null,
      lastReadSeq: row.last_read_seq as number,
    }));
  }

  async agentLoad(agentId: string, defaultCapacity: number) {
    const [rows] = await runBatch(this.d1, [
      this.statements.agentLoad.bind({ agentId, defaultCapacity }),
    ]);
    return { assigned: Number(rows[0]?.assigned ?? 0), capacity: Number(rows[0]?.capacity) };
  }

  async setCapacity(agentId: string, capacity: number, timestamp: string): Promise<void> {
    await runBatch(this.d1, [this.statements.setCapacity.bind({ agentId, capacity, timestamp })]);
  }

  /**
   * A page of the queue for `viewerId`: each session with its newest message and the viewer's
   * unread count, in keyset order (`after` is the last row of the previous page).
   */
  async listSessions(
    filter: QueueFilter,
    sort: QueueSort,
    after: { key: string; id: string } | null,
    limit: number,
    viewerId: string,
    view: MessageView,
  ): Promise<{ rows: QueueRow[]; hasMore: boolean }> {
    const { db } = this;
    const sortKey = sort === "waiting" ? TRIAGE_KEY : sql`${chatSessions.updatedAt}`;
    const conditions: (SQL | undefined)[] = [
      filter.status && eq(chatSessions.status, filter.status),
      filter.assignee === "none"
        ? isNull(chatSessions.assigneeId)
        : filter.assignee
          ? eq(chatSessions.assigneeId, filter.assignee)
          : undefined,
      filter.priority && eq(chatSessions.priority, filter.priority),
      filter.escalated === undefined ? undefined : eq(chatSessions.escalated, filter.escalated),
      !after
        ? undefined
        : sort === "waiting"
          ? or(gt(sortKey, after.key), and(eq(sortKey, after.key), gt(chatSessions.id, after.id)))
          : or(lt(sortKey, after.key), and(eq(sortKey, after.key), lt(chatSessions.id, after.id))),
    ];
    const newest = db
      .select({ seq: sql`max(${chatMessages.seq})` })
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.sessionId, chatSessions.id),
          view === "public" ? eq(chatMessages.visibility, "public") : undefined,
        ),
      );
    const query = db
      .select({
        session: chatSessions,
        sortKey: sql<string>`${sortKey}`.as("sort_key"),
        previewSeq: chatMessages.seq,
        previewAuthor: chatMessages.authorType,
        previewContent: chatMessages.content,
        previewAt: chatMessages.timestamp,
        previewVisibility: chatMessages.visibility,
        lastReadSeq: sessionParticipants.lastReadSeq,
      })
      .from(chatSessions)
      .leftJoin(
        chatMessages,
        and(eq(chatMessages.sessionId, chatSessions.id), eq(chatMessages.seq, newest)),
      )
      .leftJoin(
        sessionParticipants,
        and(
          eq(sessionParticipants.sessionId, chatSessions.id),
          eq(sessionParticipants.participantId, viewerId),
        ),
      )
      .where(and(...conditions))
      .orderBy(
        ...(sort === "waiting"
          ? [asc(sortKey), asc(chatSessions.id)]
          : [desc(sortKey), desc(chatSessions.id)]),
      )
      .limit(limit + 1);
    // Drizzle maps the joined row (nested `session`); the query is built per request because the
    // filters vary, and the queue is not the hot path.
    const rows = await guard(() => query.all());
    return {
      rows: rows.slice(0, limit).map((row) => ({
        session: toSession(sessionRow(row.session)),
        sortKey: row.sortKey,
        lastMessage:
          row.previewSeq === null
            ? null
            : {
                seq: row.previewSeq,
                authorType: row.previewAuthor as Message["authorType"],
                content: row.previewContent as string,
                timestamp: row.previewAt as string,
                visibility: row.previewVisibility as Message["visibility"],
              },
        unread: Math.max(0, row.session.lastSeq - (row.lastReadSeq ?? 0)),
      })),
      hasMore: rows.length > limit,
    };
  }

  private async run(
    kind: "claim" | "assign" | "transfer" | "escalate" | "resolve" | "reopen",
    values: Record<string, Value>,
    input: TransitionInput,
  ): Promise<TransitionResult> {
    const statements = this.statements[kind];
    const bound = { ...values, ...input } as Record<string, Value>;
    const results = await runBatch(
      this.d1,
      statements.map((statement) => statement.bind(bound)),
    );
    const [sessions, messages] = results.slice(-2) as [Row[], Row[]];
    const session = sessions[0] ? toSession(sessions[0]) : null;
    const message = messages[0] ? toMessage(messages[0]) : null;
    return { session, applied: message !== null, message };
  }
}

function agentValues(agent: AgentRef): Record<string, Value> {
  return { agentId: agent.id, agentName: agent.name, agentRole: agent.role };
}

/** Drizzle's row (field names) back to D1's column names, for the one row mapper in rows.ts. */
const SESSION_COLUMNS = Object.entries(getTableColumns(chatSessions));
function sessionRow(session: typeof chatSessions.$inferSelect): Row {
  return Object.fromEntries(
    SESSION_COLUMNS.map(([field, column]) => [column.name, session[field as keyof typeof session]]),
  );
}
