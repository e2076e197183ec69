import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import {
  archivedSessions,
  attachments,
  auditLog,
  CONTACT_UPDATED,
  chatSessions,
} from "../../core/db/schema";
import { p, prepared, runBound, runOne } from "../../platform/db/statements";
import { emailInbound, emailNotifications } from "../email";
import { contacts } from "./tables";

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

function buildQueries(db: DrizzleD1Database) {
  const ofCustomer = eq(chatSessions.customerId, p("customerId"));
  const archivedOf = eq(archivedSessions.customerId, p("customerId"));
  return {
    sessions: db.select({ id: chatSessions.id }).from(chatSessions).where(ofCustomer).toSQL(),
    // Archived and gone from D1 (one still in D1 is listed with those).
    archived: db
      .select({ sessionId: archivedSessions.sessionId, objectKey: archivedSessions.objectKey })
      .from(archivedSessions)
      .where(archivedOf)
      .toSQL(),
    // Before the sessions: the emails sent of them name the customer's address.
    eraseEmails: db
      .delete(emailNotifications)
      .where(
        inArray(
          emailNotifications.sessionId,
          db.select({ id: chatSessions.id }).from(chatSessions).where(ofCustomer),
        ),
      )
      .toSQL(),
    eraseInbound: db
      .delete(emailInbound)
      .where(
        inArray(
          emailInbound.sessionId,
          db.select({ id: chatSessions.id }).from(chatSessions).where(ofCustomer),
        ),
      )
      .toSQL(),
    eraseSessions: db
      .delete(chatSessions)
      .where(ofCustomer)
      .returning({ id: chatSessions.id })
      .toSQL(),
    eraseFiles: db
      .delete(attachments)
      .where(eq(attachments.customerId, p("customerId")))
      .toSQL(),
    eraseArchived: db.delete(archivedSessions).where(archivedOf).toSQL(),
    eraseContact: db
      .delete(contacts)
      .where(eq(contacts.id, p("customerId")))
      .toSQL(),
    // The contact's changes keep who changed which fields when; the values (name, email, attributes) go.
    redactContactChanges: db
      .update(auditLog)
      .set({
        detail: sql`json_object('fields', (select json_group_array(key) from (
          select key from json_each(${auditLog.detail}, '$.changes')
          union select key from json_each(${auditLog.detail}, '$.set') order by key)), 'erased', json('true'))`,
      })
      .where(and(eq(auditLog.subject, p("customerId")), eq(auditLog.action, CONTACT_UPDATED)))
      .toSQL(),
    audit: db
      .insert(auditLog)
      .values({
        id: p("id"),
        at: p("at"),
        actorId: p("actorId"),
        actorRole: p("actorRole"),
        action: p("action"),
        subject: p("subject"),
        detail: p("detail"),
      })
      .toSQL(),
    auditOf: db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, p("subject"))))
      .orderBy(desc(auditLog.at))
      .limit(p("limit"))
      .toSQL(),
  };
}

/** One customer's data across the tables, its erasure, and the audit log of both. */
export class CustomerDataRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** The customer's sessions in D1, and those only in the archive (with their object keys). */
  async sessionsOf(customerId: string) {
    const { sessions, archived } = this.statements;
    const result = await runBound(this.d1, {
      live: sessions.bind({ customerId }),
      stored: archived.bind({ customerId }),
    });
    const stored = result.stored.rows;
    const inD1 = new Set(result.live.rows.map((row) => row.id as string));
    return {
      live: [...inD1],
      archived: stored
        .filter((row) => !inD1.has(row.session_id as string))
        .map((row) => ({ id: row.session_id as string, key: row.object_key as string })),
      keys: stored.map((row) => row.object_key as string),
    };
  }

  /** Removes the customer's sessions (their messages and participants by cascade), files' records, archive marks, contact and the values of its audited changes, and records it, in one transaction. */
  async erase(customerId: string, entry: AuditEntry): Promise<{ sessions: number }> {
    const {
      eraseEmails,
      eraseInbound,
      eraseSessions,
      eraseFiles,
      eraseArchived,
      eraseContact,
      redactContactChanges,
      audit,
    } = this.statements;
    const erased = await runBound(this.d1, {
      emails: eraseEmails.bind({ customerId }),
      inbound: eraseInbound.bind({ customerId }),
      sessions: eraseSessions.bind({ customerId }),
      files: eraseFiles.bind({ customerId }),
      archived: eraseArchived.bind({ customerId }),
      contact: eraseContact.bind({ customerId }),
      changes: redactContactChanges.bind({ customerId }),
      audit: audit.bind(auditValues(entry)),
    });
    return { sessions: erased.sessions.rows.length };
  }

  async audit(entry: AuditEntry): Promise<void> {
    await runOne(this.d1, this.statements.audit.bind(auditValues(entry)));
  }

  async auditOf(subject: string, limit: number): Promise<AuditEntry[]> {
    const { rows } = await runOne(this.d1, this.statements.auditOf.bind({ subject, limit }));
    return rows.map((row) => ({
      id: row.id as string,
      at: row.at as string,
      actorId: row.actor_id as string,
      actorRole: row.actor_role as string,
      action: row.action as string,
      subject: row.subject as string,
      detail: JSON.parse(row.detail as string) as Record<string, unknown>,
    }));
  }
}

const auditValues = (entry: AuditEntry) => ({ ...entry, detail: JSON.stringify(entry.detail) });
