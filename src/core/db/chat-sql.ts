import {
  and,
  asc,
  desc,
  eq,
  exists,
  gt,
  gte,
  inArray,
  lt,
  notExists,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { compiled, compileNamed, p } from "../../platform/db/statements";
import type { MessageView } from "../chat";
import { BOT_STATUSES, CLOSED_STATUSES, HUMAN_STATUSES } from "../lifecycle";
import { insertMessageFromSession, READ_FORWARD, upsertParticipant } from "./message-sql";
import { oweChange, oweMessages } from "./outbox-sql";
import {
  auditLog,
  CUSTOMER_ERASED,
  chatMessages,
  chatSessions,
  sessionParticipants,
} from "./schema";
import { dueAfter } from "./transition-blocks";

// Every query of the chat repository: sessions, their messages, and appending one at the next seq.

const VIEWS = ["all", "public"] as const;

/**
 * Every query of the repository, built by drizzle with named placeholders and compiled once per
 * isolate (the SQL depends on the schema only, not on the database).
 */
export function chatQueryBuilder(db: DrizzleD1Database) {
  const inSession = eq(chatMessages.sessionId, p("sessionId"));
  const isSession = eq(chatSessions.id, p("sessionId"));
  const visible = (view: MessageView) =>
    view === "public" ? eq(chatMessages.visibility, "public") : undefined;
  const sessionById = db.select().from(chatSessions).where(isSession);
  const newest = (view: MessageView) =>
    db
      .select()
      .from(chatMessages)
      .where(and(inSession, visible(view)))
      .orderBy(desc(chatMessages.seq))
      .limit(p("limit"));
  const clientIdTaken = db
    .select({ one: sql`1` })
    .from(chatMessages)
    .where(and(inSession, eq(chatMessages.clientMessageId, p("clientMessageId"))));
  // Constants, not parameters: the statement's text says which statuses it means.
  const statuses = (list: readonly string[]) =>
    sql.raw(list.map((status) => `'${status}'`).join(", "));
  const closed = statuses(CLOSED_STATUSES);
  const writable = or(
    sql`${chatSessions.status} not in (${closed})`,
    sql`${p("allowResolved")} = 1`,
  );

  const next = dueAfter("next_response", sql`${p("timestamp")}`);
  const awaitsAgent = sql`${p("authorType")} = 'customer' and ${chatSessions.status} in (${statuses(HUMAN_STATUSES)}) and ${chatSessions.dueAt} is null`;
  const dueOnMessage = {
    dueAt: sql`case when ${p("firstResponseAt")} is not null then null when ${awaitsAgent} then ${next.dueAt} else ${chatSessions.dueAt} end`,
    dueKind: sql`case when ${p("firstResponseAt")} is not null then null when ${awaitsAgent} then ${next.dueKind} else ${chatSessions.dueKind} end`,
  };

  /** The message stored by this request (by its id): what it owes is recorded with it. */
  const oweNew = oweMessages(db, eq(chatMessages.id, p("id")));

  /** The statements of appendMessage; `isNew` says whether the message is to be stored. */
  const append = (isNew: SQL | undefined, isStored: SQL | undefined, view: MessageView) =>
    compileNamed({
      bump: db
        .update(chatSessions)
        .set({
          lastSeq: sql`${chatSessions.lastSeq} + 1`,
          updatedAt: sql`${p("timestamp")}`,
          firstResponseAt: sql`coalesce(${chatSessions.firstResponseAt}, ${p("firstResponseAt")})`,
          // Service levels: an agent's public answer settles what was due; a customer's message to
          // a waiting or assigned session makes the next answer due, unless one is due already.
          ...dueOnMessage,
        })
        .where(isNew),
      insert: insertMessageFromSession(db, isNew, {
        id: p("id"),
        authorType: p("authorType"),
        clientMessageId: p("clientMessageId"),
        authorId: p("authorId"),
        authorName: p("authorName"),
      }),
      owe: oweNew,
      // Writing is reading: the writer takes part, and has read up to their own message.
      participant: upsertParticipant(
        db,
        {
          sessionId: chatMessages.sessionId,
          participantId: chatMessages.authorId,
          role: sql`${p("authorRole")}`,
          displayName: chatMessages.authorName,
          joinedAt: chatMessages.timestamp,
          lastReadSeq: chatMessages.seq,
        },
        chatMessages,
        and(eq(chatMessages.id, p("id")), sql`${chatMessages.authorId} is not null`),
        { lastReadSeq: READ_FORWARD, leftAt: sql`null` },
      ),
      stored: db.select().from(chatMessages).where(and(inSession, isStored)),
      session: sessionById,
      newest: newest(view),
    });

  /**
   * The AI first responder's reply, in one transaction: stored only while the bot owns the session
   * (once a person does, the bot never writes again) and only once per message it answers (its
   * client_message_id is "bot:" and that message's id); read back, with the session.
   */
  const botReply = () => {
    const isNew = and(
      isSession,
      inArray(chatSessions.status, [...BOT_STATUSES]),
      notExists(clientIdTaken),
    );
    return compileNamed({
      bump: db
        .update(chatSessions)
        .set({
          lastSeq: sql`${chatSessions.lastSeq} + 1`,
          updatedAt: sql`${p("timestamp")}`,
          botReplies: sql`${chatSessions.botReplies} + 1`,
        })
        .where(isNew),
      insert: insertMessageFromSession(db, isNew, {
        id: p("id"),
        authorType: sql`'bot'`,
        clientMessageId: p("clientMessageId"),
        authorId: sql`null`,
        authorName: p("authorName"),
        sources: p("sources"),
      }),
      owe: oweNew,
      stored: db
        .select()
        .from(chatMessages)
        .where(and(inSession, eq(chatMessages.id, p("id")))),
      session: sessionById,
    });
  };
  const page = (cursor: SQL, order: SQL, view: MessageView) =>
    db
      .select()
      .from(chatMessages)
      .where(and(inSession, cursor, visible(view)))
      .orderBy(order)
      .limit(p("limit"))
      .toSQL();
  const byView = <T>(build: (view: MessageView) => T) =>
    Object.fromEntries(VIEWS.map((view) => [view, build(view)])) as Record<MessageView, T>;

  return {
    ping: db.select({ id: chatSessions.id }).from(chatSessions).limit(1).toSQL(),
    insertSession: db
      .insert(chatSessions)
      .values({
        id: p("id"),
        createdAt: p("createdAt"),
        updatedAt: p("updatedAt"),
        status: p("status"),
        lastSeq: p("lastSeq"),
        customerId: p("customerId"),
        customerName: p("customerName"),
        priority: p("priority"),
        queuedAt: p("queuedAt"),
        startedWithBot: p("startedWithBot"),
        teamId: p("teamId"),
        teamChosen: p("teamChosen"),
        requiredSkill: p("requiredSkill"),
        dueAt: p("dueAt"),
        dueKind: p("dueKind"),
      })
      .toSQL(),
    insertMessage: db
      .insert(chatMessages)
      .values({
        id: p("id"),
        sessionId: p("sessionId"),
        seq: p("seq"),
        timestamp: p("timestamp"),
        content: p("content"),
        authorType: p("authorType"),
        clientMessageId: p("clientMessageId"),
        authorId: p("authorId"),
        authorName: p("authorName"),
        visibility: p("visibility"),
      })
      .toSQL(),
    insertParticipant: db
      .insert(sessionParticipants)
      .values({
        sessionId: p("sessionId"),
        participantId: p("participantId"),
        role: p("role"),
        displayName: p("displayName"),
        joinedAt: p("joinedAt"),
      })
      .toSQL(),
    // In the transaction that starts a session: a customer erased since their token was issued
    // gets nothing (the new row, and its greeting and participant by cascade, go again).
    eraseIfRevoked: db
      .delete(chatSessions)
      .where(
        and(
          isSession,
          exists(
            db
              .select({ one: sql`1` })
              .from(auditLog)
              .where(
                and(
                  eq(auditLog.subject, p("customerId")),
                  eq(auditLog.action, CUSTOMER_ERASED),
                  gte(auditLog.at, p("issuedAt")),
                ),
              ),
          ),
        ),
      )
      .toSQL(),
    // After eraseIfRevoked: a session that was started announces itself (and is routed).
    oweCreated: oweChange(db, isSession).toSQL(),
    sessionById: sessionById.toSQL(),
    newest: byView((view) => newest(view).toSQL()),
    append: byView((view) => append(and(isSession, writable), eq(chatMessages.id, p("id")), view)),
    botReply: botReply(),
    appendWithClientId: byView((view) =>
      append(
        and(isSession, writable, notExists(clientIdTaken)),
        or(eq(chatMessages.id, p("id")), eq(chatMessages.clientMessageId, p("clientMessageId"))),
        view,
      ),
    ),
    after: byView((view) => page(gt(chatMessages.seq, p("seq")), asc(chatMessages.seq), view)),
    before: byView((view) => page(lt(chatMessages.seq, p("seq")), desc(chatMessages.seq), view)),
  };
}

/** Every query of the repository, compiled (SQL and parameters); built on the first call. */
export const chatQueries = (d1: D1Database) => compiled(d1, chatQueryBuilder);
