import { and, desc, eq, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { newestWritten } from "../../core/db/preview-sql";
import {
  archivedSessions,
  auditLog,
  CONTACT_UPDATED,
  CUSTOMER_ERASED,
  chatMessages,
  chatSessions,
  sessionParticipants,
} from "../../core/db/schema";
import { compileNamed, p } from "../../platform/db/statements";
import { contactAttributes, contacts } from "./tables";

// The contacts' SQL: each batch's statements in the order they run, answered by name.

/** Whether the row as the upsert would leave it differs from the row as it is. */
const identityChanges = sql`coalesce(excluded.name, ${contacts.name}) is not ${contacts.name}
  or coalesce(excluded.email, ${contacts.email}) is not ${contacts.email}
  or coalesce(excluded.locale, ${contacts.locale}) is not ${contacts.locale}
  or json_patch(${contacts.attributes}, excluded.attributes) is not ${contacts.attributes}
  or not ${contacts.verified}`;

/** The audit entry of a contact's change, written only if that change (by its id) won. */
const auditIfWon = (db: DrizzleD1Database) =>
  db.insert(auditLog).select(
    db
      .select({
        id: sql<string>`${p("auditId")}`.as("id"),
        at: sql<string>`${p("now")}`.as("at"),
        actorId: sql<string>`${p("actorId")}`.as("actor_id"),
        actorRole: sql<string>`${p("actorRole")}`.as("actor_role"),
        action: sql<string>`${CONTACT_UPDATED}`.as("action"),
        subject: contacts.id,
        detail: sql<string>`${p("detail")}`.as("detail"),
      })
      .from(contacts)
      .where(and(eq(contacts.id, p("id")), eq(contacts.changeId, p("changeId")))),
  );

// The newest public message someone wrote (the service's own lines, the greeting among them, say
// little in a list): the same preview as the queue's.
const lastPublicMessage = newestWritten<string>("content", "public");

export function contactQueries(db: DrizzleD1Database) {
  const ofCustomer = eq(chatSessions.customerId, p("id"));
  /** An agent's change to the contact won (its version is the contact's), and it names them. */
  const won = sql`${p("name")} is not null and exists (select 1 from ${contacts} where ${contacts.id} = ${p("id")} and ${contacts.changeId} = ${p("changeId")})`;
  return {
    /** A signed identity seen: the contact created, or brought up to what the site signed. */
    identify: compileNamed({
      upsert: db
        .insert(contacts)
        .values({
          id: p("id"),
          name: p("name"),
          email: p("email"),
          locale: p("locale"),
          attributes: sql`json(${p("attributes")})`,
          verified: true,
          firstSeen: p("now"),
          lastSeen: p("now"),
          changeId: p("changeId"),
        })
        .onConflictDoUpdate({
          target: contacts.id,
          set: {
            name: sql`coalesce(excluded.name, ${contacts.name})`,
            email: sql`coalesce(excluded.email, ${contacts.email})`,
            locale: sql`coalesce(excluded.locale, ${contacts.locale})`,
            attributes: sql`json_patch(${contacts.attributes}, excluded.attributes)`,
            verified: true,
            lastSeen: sql`excluded.last_seen`,
            changeId: sql`case when ${identityChanges} then excluded.change_id else ${contacts.changeId} end`,
          },
        }),
      // A customer erased since the site signed this identity: their contact is not brought back.
      revoked: db
        .delete(contacts)
        .where(
          and(
            eq(contacts.id, p("id")),
            sql`exists (select 1 from ${auditLog} where ${auditLog.subject} = ${p("id")}
              and ${auditLog.action} = ${CUSTOMER_ERASED} and ${auditLog.at} > ${p("issuedAt")})`,
          ),
        )
        .returning({ id: contacts.id }),
      audit: auditIfWon(db),
    }),
    /**
     * An anonymous customer (`anonymousId`) signed in as `id`: their sessions, archived sessions,
     * participation and messages become the known customer's. Recorded first, and only if there is
     * anything to move: a second merge of the same customer finds nothing and records nothing.
     */
    merge: compileNamed({
      audit: db.insert(auditLog).select(
        db
          .select({
            id: sql<string>`${p("auditId")}`.as("id"),
            at: sql<string>`${p("now")}`.as("at"),
            actorId: sql<string>`${p("id")}`.as("actor_id"),
            actorRole: sql<string>`'customer'`.as("actor_role"),
            action: sql<string>`'customer.merge'`.as("action"),
            subject: sql<string>`${p("id")}`.as("subject"),
            detail: sql<string>`json_object('from', ${p("anonymousId")})`.as("detail"),
          })
          .from(sql`(select 1)`)
          .where(
            or(
              sql`exists (select 1 from ${chatSessions} where ${chatSessions.customerId} = ${p("anonymousId")})`,
              sql`exists (select 1 from ${archivedSessions} where ${archivedSessions.customerId} = ${p("anonymousId")})`,
            ),
          ),
      ),
      sessions: db
        .update(chatSessions)
        .set({
          customerId: sql`${p("id")}`,
          customerName: sql`coalesce(${p("name")}, ${chatSessions.customerName})`,
        })
        .where(eq(chatSessions.customerId, p("anonymousId")))
        .returning({ id: chatSessions.id }),
      archived: db
        .update(archivedSessions)
        .set({ customerId: sql`${p("id")}` })
        .where(eq(archivedSessions.customerId, p("anonymousId")))
        .returning({ id: archivedSessions.sessionId }),
      participants: db
        .update(sessionParticipants)
        .set({
          participantId: sql`${p("id")}`,
          displayName: sql`coalesce(${p("name")}, ${sessionParticipants.displayName})`,
        })
        .where(
          and(
            // The sessions just moved to the known customer: found by the customer index.
            sql`${sessionParticipants.sessionId} in (select ${chatSessions.id} from ${chatSessions} where ${ofCustomer})`,
            eq(sessionParticipants.participantId, p("anonymousId")),
          ),
        ),
      messages: db
        .update(chatMessages)
        .set({ authorId: sql`${p("id")}` })
        .where(
          and(
            eq(chatMessages.authorId, p("anonymousId")),
            sql`${chatMessages.sessionId} in (select ${chatSessions.id} from ${chatSessions} where ${ofCustomer})`,
          ),
        ),
    }),
    get: db
      .select()
      .from(contacts)
      .where(eq(contacts.id, p("id")))
      .toSQL(),
    /** What the sessions say of a customer who has no contact yet (no row: no such customer). */
    derived: db
      .select({
        name: sql<
          string | null
        >`(select ${chatSessions.customerName} from ${chatSessions} where ${ofCustomer} and ${chatSessions.customerName} is not null order by ${chatSessions.updatedAt} desc limit 1)`.as(
          "name",
        ),
        // The language their newest session was in (the widget's, or what the customer chose).
        locale: sql<
          string | null
        >`(select ${chatSessions.locale} from ${chatSessions} where ${ofCustomer} and ${chatSessions.locale} is not null order by ${chatSessions.updatedAt} desc limit 1)`.as(
          "locale",
        ),
        firstSeen: sql<string>`min(${chatSessions.createdAt})`.as("first_seen"),
        lastSeen: sql<string>`max(${chatSessions.updatedAt})`.as("last_seen"),
      })
      .from(chatSessions)
      .where(ofCustomer)
      .having(sql`count(*) > 0`)
      .toSQL(),
    /** An agent's change, applied only over the version it was made from. */
    update: compileNamed({
      update: db
        .update(contacts)
        .set({
          name: sql`${p("name")}`,
          email: sql`${p("email")}`,
          locale: sql`${p("locale")}`,
          attributes: sql`json(${p("attributes")})`,
          changeId: sql`${p("changeId")}`,
        })
        .where(and(eq(contacts.id, p("id")), eq(contacts.changeId, p("fromChangeId"))))
        .returning({ id: contacts.id }),
      audit: auditIfWon(db),
      // A name given here is the name the desk knows them by: their sessions' (the lists, the
      // conversation's header, search) and their lines' author in them, if this change won.
      sessions: db
        .update(chatSessions)
        .set({ customerName: sql`${p("name")}` })
        .where(and(ofCustomer, won, sql`${chatSessions.customerName} is not ${p("name")}`)),
      participants: db
        .update(sessionParticipants)
        .set({ displayName: sql`${p("name")}` })
        .where(
          and(
            sql`${sessionParticipants.sessionId} in (select ${chatSessions.id} from ${chatSessions} where ${ofCustomer})`,
            eq(sessionParticipants.participantId, p("id")),
            won,
            sql`${sessionParticipants.displayName} is not ${p("name")}`,
          ),
        ),
    }),
    /** What a widget's form collected, kept for a customer who has no contact yet (audited). */
    fromForm: compileNamed({
      insert: db
        .insert(contacts)
        .values({
          id: p("id"),
          name: p("name"),
          email: p("email"),
          attributes: "{}",
          verified: false,
          firstSeen: p("now"),
          lastSeen: p("now"),
          changeId: p("changeId"),
        })
        .onConflictDoNothing()
        .returning({ id: contacts.id }),
      audit: auditIfWon(db),
    }),
    /** A contact for a customer known only by their sessions, so that an agent may describe them. */
    create: db
      .insert(contacts)
      .values({
        id: p("id"),
        name: p("name"),
        locale: p("locale"),
        attributes: "{}",
        verified: false,
        firstSeen: p("firstSeen"),
        lastSeen: p("lastSeen"),
        changeId: p("changeId"),
      })
      .onConflictDoNothing()
      .toSQL(),
    sessions: db
      .select({
        id: chatSessions.id,
        status: chatSessions.status,
        teamId: chatSessions.teamId,
        createdAt: chatSessions.createdAt,
        updatedAt: chatSessions.updatedAt,
        resolvedAt: chatSessions.resolvedAt,
        rating: chatSessions.rating,
        lastMessage: lastPublicMessage.as("last_message"),
      })
      .from(chatSessions)
      .where(ofCustomer)
      .orderBy(desc(chatSessions.updatedAt))
      .limit(p("limit"))
      .toSQL(),
    archived: db
      .select({
        id: archivedSessions.sessionId,
        resolvedAt: archivedSessions.resolvedAt,
        archivedAt: archivedSessions.archivedAt,
      })
      .from(archivedSessions)
      .where(eq(archivedSessions.customerId, p("id")))
      .orderBy(desc(archivedSessions.resolvedAt))
      .limit(p("limit"))
      .toSQL(),
    /** Whether a session, in D1 or the archive, belongs to the customer. */
    owns: db
      .select({ id: sql<string>`${p("sessionId")}`.as("id") })
      .from(sql`(select 1)`)
      .where(
        or(
          sql`exists (select 1 from ${chatSessions} where ${chatSessions.id} = ${p("sessionId")} and ${chatSessions.customerId} = ${p("id")})`,
          sql`exists (select 1 from ${archivedSessions} where ${archivedSessions.sessionId} = ${p("sessionId")} and ${archivedSessions.customerId} = ${p("id")})`,
        ),
      )
      .toSQL(),
    /** Newest seen first, after the cursor (last_seen, id); `q` matches id, name or email. */
    list: db
      .select()
      .from(contacts)
      .where(
        and(
          sql`(${p("q")} is null or ${contacts.id} = ${p("q")}
            or instr(lower(${contacts.name}), lower(${p("q")})) > 0
            or instr(${contacts.email}, lower(${p("q")})) > 0)`,
          sql`(${p("afterSeen")} is null or (${contacts.lastSeen}, ${contacts.id}) < (${p("afterSeen")}, ${p("afterId")}))`,
        ),
      )
      .orderBy(desc(contacts.lastSeen), desc(contacts.id))
      .limit(p("limit"))
      .toSQL(),
    attributes: db.select().from(contactAttributes).orderBy(contactAttributes.key).toSQL(),
    declare: db
      .insert(contactAttributes)
      .values({ key: p("key"), type: p("type"), label: p("label"), createdAt: p("now") })
      .onConflictDoUpdate({
        target: contactAttributes.key,
        set: { label: sql`excluded.label` },
        // Another type is refused (409): then nothing changes, and no row comes back.
        setWhere: sql`${contactAttributes.type} = excluded.type`,
      })
      .returning()
      .toSQL(),
  };
}
