import {
  and,
  asc,
  desc,
  eq,
  exists,
  gt,
  gte,
  inArray,
  isNull,
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
import {
  insertMessageFromSession,
  READ_FORWARD,
  storedByBatch,
  upsertParticipant,
} from "./message-sql";
import { oweChange, oweMessages } from "./outbox-sql";
import { attachments, auditLog, CUSTOMER_ERASED, chatMessages, chatSessions } from "./schema";
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

  // Files: a message claims the files its writer uploaded into the session and has not sent yet
  // (`attachmentIds`, a JSON array); it is stored only if it can claim every one of them.
  const requested = sql`(select value from json_each(${p("attachmentIds")}))`;
  const claimable = and(
    eq(attachments.sessionId, p("sessionId")),
    sql`${attachments.uploaderId} is ${p("authorId")}`,
    isNull(attachments.messageId),
    inArray(attachments.id, requested),
  );
  const claimsAll = sql`(select count(*) from ${attachments} where ${claimable}) = json_array_length(${p("attachmentIds")})`;
  // What the message records of them, in the order asked for; null for none.
  const carried = sql`(select nullif(json_group_array(json(a)), '[]') from (select json_object('id', ${attachments.id}, 'name', ${attachments.name}, 'content_type', ${attachments.contentType}, 'size', ${attachments.size}, 'preview', json(case when ${attachments.previewKey} is null then 'false' else 'true' end)) as a from json_each(${p("attachmentIds")}) as j join ${attachments} on ${attachments.id} = j.value where ${claimable} order by j.key))`;

  /** The message stored by this request: at the session's newest seq, with this request's id. */
  const storedNow = storedByBatch(db, [p("id")], isSession);
  /** What it owes is recorded with it. */
  const oweNew = oweMessages(db, storedNow);

  /**
   * The statements of appendMessage; `writes` says whether the message is to be stored. A message
   * with files (`withFiles`) is also stored only if it claims them all, and claims them; one without
   * pays for none of that.
   */
  const append = (
    writes: SQL | undefined,
    isStored: SQL | undefined,
    view: MessageView,
    withFiles: boolean,
  ) => {
    const isNew = withFiles ? and(writes, claimsAll) : writes;
    const claim = db
      .update(attachments)
      .set({ messageId: sql`${p("id")}`, visibility: sql`${p("visibility")}` })
      .where(
        and(claimable, exists(db.select({ one: sql`1` }).from(chatMessages).where(storedNow))),
      );
    return compileNamed({
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
        ...(withFiles && { attachments: carried }),
      }),
      ...(withFiles && { claim }),
      owe: oweNew,
      // Writing is reading: the writer takes part, and has read up to their own message. Not the
      // session's customer: the session's row names them (src/core/db/participant-repository.ts),
      // and their read marker stays where they marked it (their own newest message counts as read
      // wherever it matters, the email of unseen replies), so their message writes no row.
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
        and(
          storedNow,
          sql`${chatMessages.authorId} is not null`,
          sql`${p("authorRole")} <> 'customer'`,
        ),
        { lastReadSeq: READ_FORWARD, leftAt: sql`null` },
      ),
      stored: db.select().from(chatMessages).where(and(inSession, isStored)),
      session: sessionById,
      newest: newest(view),
    });
  };

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
      stored: db.select().from(chatMessages).where(storedNow),
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
  /** appendMessage's statements by view, without and with a client_message_id. */
  const appendVariants = <F extends boolean>(withFiles: F) => {
    const plain = byView((view) => append(and(isSession, writable), storedNow, view, withFiles));
    const withClientId = byView((view) =>
      append(
        and(isSession, writable, notExists(clientIdTaken)),
        or(storedNow, eq(chatMessages.clientMessageId, p("clientMessageId"))),
        view,
        withFiles,
      ),
    );
    return (
      withFiles
        ? { appendWithFiles: plain, appendWithFilesAndClientId: withClientId }
        : { append: plain, appendWithClientId: withClientId }
    ) as F extends true
      ? { appendWithFiles: typeof plain; appendWithFilesAndClientId: typeof withClientId }
      : { append: typeof plain; appendWithClientId: typeof withClientId };
  };

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
        locale: p("locale"),
        dueAt: p("dueAt"),
        dueKind: p("dueKind"),
        pageUrl: p("pageUrl"),
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
    // In the transaction that starts a session: a customer erased since their token was issued
    // gets nothing (the new row, and its greeting by cascade, go again).
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
      // Read by its rows, not D1's count of changes: that count also takes in the search index's
      // writes of the greeting before it (FTS5 writes them out when the next statement starts).
      .returning({ id: chatSessions.id })
      .toSQL(),
    // After eraseIfRevoked: a session that was started announces itself (and is routed).
    oweCreated: oweChange(db, isSession).toSQL(),
    sessionById: sessionById.toSQL(),
    newest: byView((view) => newest(view).toSQL()),
    ...appendVariants(false),
    ...appendVariants(true),
    botReply: botReply(),
    after: byView((view) => page(gt(chatMessages.seq, p("seq")), asc(chatMessages.seq), view)),
    before: byView((view) => page(lt(chatMessages.seq, p("seq")), desc(chatMessages.seq), view)),
  };
}

/** Every query of the repository, compiled (SQL and parameters); built on the first call. */
export const chatQueries = (d1: D1Database) => compiled(d1, chatQueryBuilder);
