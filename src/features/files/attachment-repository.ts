import { and, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { attachments, chatSessions } from "../../core/db/schema";
import { columnNames, p, prepared, type Row, runOne } from "../../platform/db/statements";

export interface Attachment {
  id: string;
  sessionId: string;
  customerId: string | null;
  uploaderId: string | null;
  uploaderRole: string;
  name: string;
  contentType: string;
  size: number;
  objectKey: string;
  previewKey: string | null;
  previewType: string | null;
  createdAt: string;
  /** The message that carries it; null while pending. */
  messageId: string | null;
  /** That message's visibility. */
  visibility: "public" | "internal" | null;
}

/** What a session and its customer hold already, before an upload. */
export interface Usage {
  customerId: string | null;
  sessionBytes: number;
  customerBytesToday: number;
}

const COLUMNS = columnNames(attachments);
const toAttachment = (row: Row): Attachment =>
  Object.fromEntries(
    Object.entries(COLUMNS).map(([field, column]) => [field, row[column]]),
  ) as unknown as Attachment;

function buildQueries(db: DrizzleD1Database) {
  const inSession = eq(attachments.sessionId, p("sessionId"));
  const sessionBytes = sql<number>`(select coalesce(sum(${attachments.size}), 0) from ${attachments} where ${inSession})`;
  // A customer's uploads of the day (UTC), over all their sessions.
  const customerBytes = (customer: SQL) =>
    sql<number>`(select coalesce(sum(${attachments.size}), 0) from ${attachments} where ${attachments.customerId} = ${customer} and ${attachments.uploaderRole} = 'customer' and ${attachments.createdAt} >= ${p("dayStart")})`;
  const withinLimits = and(
    sql`${sessionBytes} + ${p("size")} <= ${p("maxSessionBytes")}`,
    sql`(${p("uploaderRole")} <> 'customer' or ${customerBytes(sql`${chatSessions.customerId}`)} + ${p("size")} <= ${p("maxCustomerBytes")})`,
  );
  const pending = isNull(attachments.messageId);
  return {
    usage: db
      .select({
        customerId: chatSessions.customerId,
        sessionBytes: sessionBytes.as("session_bytes"),
        customerBytesToday: customerBytes(sql`${chatSessions.customerId}`).as("customer_bytes"),
      })
      .from(chatSessions)
      .where(eq(chatSessions.id, p("sessionId")))
      .toSQL(),
    // Stored only if the session still exists and its limits still hold with this file: decided
    // by D1 in the statement itself, whatever concurrent uploads do.
    insert: db
      .insert(attachments)
      .select(
        db
          .select({
            id: sql<string>`${p("id")}`.as("id"),
            sessionId: chatSessions.id,
            customerId: chatSessions.customerId,
            uploaderId: sql<string | null>`${p("uploaderId")}`.as("uploader_id"),
            uploaderRole: sql<string>`${p("uploaderRole")}`.as("uploader_role"),
            name: sql<string>`${p("name")}`.as("name"),
            contentType: sql<string>`${p("contentType")}`.as("content_type"),
            size: sql<number>`${p("size")}`.as("size"),
            objectKey: sql<string>`${p("objectKey")}`.as("object_key"),
            previewKey: sql<null>`null`.as("preview_key"),
            previewType: sql<null>`null`.as("preview_type"),
            createdAt: sql<string>`${p("createdAt")}`.as("created_at"),
            messageId: sql<null>`null`.as("message_id"),
            visibility: sql<null>`null`.as("visibility"),
          })
          .from(chatSessions)
          .where(and(eq(chatSessions.id, p("sessionId")), withinLimits)),
      )
      .returning({ id: attachments.id })
      .toSQL(),
    byId: db
      .select()
      .from(attachments)
      .where(eq(attachments.id, p("id")))
      .toSQL(),
    unsent: db
      .select({ count: sql<number>`count(*)`.as("count") })
      .from(attachments)
      .where(
        and(
          inSession,
          sql`${attachments.uploaderId} is ${p("uploaderId")}`,
          pending,
          inArray(attachments.id, sql`(select value from json_each(${p("ids")}))`),
        ),
      )
      .toSQL(),
    setPreview: db
      .update(attachments)
      .set({ previewKey: sql`${p("previewKey")}`, previewType: sql`${p("previewType")}` })
      .where(
        and(
          eq(attachments.id, p("id")),
          inSession,
          sql`${attachments.uploaderId} is ${p("uploaderId")}`,
          pending,
          isNull(attachments.previewKey),
        ),
      )
      .returning({ id: attachments.id })
      .toSQL(),
    // Pending too long: the rows go first (a message can no longer claim them), then their bytes.
    removeAbandoned: db
      .delete(attachments)
      .where(
        inArray(
          attachments.id,
          db
            .select({ id: attachments.id })
            .from(attachments)
            .where(and(pending, lt(attachments.createdAt, p("before"))))
            .limit(p("limit")),
        ),
      )
      .returning({ objectKey: attachments.objectKey, previewKey: attachments.previewKey })
      .toSQL(),
    ofCustomer: db
      .select()
      .from(attachments)
      .where(eq(attachments.customerId, p("customerId")))
      .orderBy(attachments.createdAt)
      .toSQL(),
  };
}

/** Files' records in D1 (their bytes are in the FileStore). */
export class AttachmentRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** What the session holds, and its customer today; null when the session is not in D1. */
  async usage(sessionId: string, dayStart: string): Promise<Usage | null> {
    const { rows } = await runOne(this.d1, this.statements.usage.bind({ sessionId, dayStart }));
    const row = rows[0];
    return row
      ? {
          customerId: row.customer_id as string | null,
          sessionBytes: Number(row.session_bytes),
          customerBytesToday: Number(row.customer_bytes),
        }
      : null;
  }

  /** Records an upload if its session exists and the limits hold; answers whether it did. */
  async insert(
    file: Omit<
      Attachment,
      "customerId" | "previewKey" | "previewType" | "messageId" | "visibility"
    >,
    limits: { maxSessionBytes: number; maxCustomerBytes: number; dayStart: string },
  ): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.insert.bind({ ...file, ...limits }));
    return rows.length === 1;
  }

  async find(id: string): Promise<Attachment | null> {
    const { rows } = await runOne(this.d1, this.statements.byId.bind({ id }));
    return rows[0] ? toAttachment(rows[0]) : null;
  }

  /** How many of `ids` are the uploader's in the session and carried by no message yet. */
  async unsent(sessionId: string, uploaderId: string | null, ids: string[]): Promise<number> {
    const { rows } = await runOne(
      this.d1,
      this.statements.unsent.bind({ sessionId, uploaderId, ids: JSON.stringify(ids) }),
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Gives a pending upload its preview, once; answers whether it did. */
  async setPreview(
    sessionId: string,
    id: string,
    uploaderId: string | null,
    preview: { key: string; type: string },
  ): Promise<boolean> {
    const { rows } = await runOne(
      this.d1,
      this.statements.setPreview.bind({
        sessionId,
        id,
        uploaderId,
        previewKey: preview.key,
        previewType: preview.type,
      }),
    );
    return rows.length === 1;
  }

  /** Removes up to `limit` uploads pending since before `before`; answers their objects' keys. */
  async removeAbandoned(before: string, limit: number): Promise<string[]> {
    const { rows } = await runOne(this.d1, this.statements.removeAbandoned.bind({ before, limit }));
    return keysOf(rows);
  }

  /** Every file in a customer's sessions, oldest first (their export and erasure). */
  async ofCustomer(customerId: string): Promise<Attachment[]> {
    const { rows } = await runOne(this.d1, this.statements.ofCustomer.bind({ customerId }));
    return rows.map(toAttachment);
  }
}

function keysOf(rows: Row[]): string[] {
  return rows.flatMap((row) =>
    [row.object_key, row.preview_key].filter((key): key is string => typeof key === "string"),
  );
}
