import type { Row } from "../../platform/db/statements";
import { prepared, runNamed, runOne } from "../../platform/db/statements";
import { contactQueries } from "./contact-sql";
import type { AttributeType } from "./tables";

export type AttributeValue = string | number | boolean;

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  attributes: Record<string, AttributeValue>;
  /** Signed in by the site (a verified identity), not only described by an agent. */
  verified: boolean;
  firstSeen: string;
  lastSeen: string;
  /** The write that last changed it: a change applies over it or not at all. */
  changeId: string;
}

export interface AttributeDeclaration {
  key: string;
  type: AttributeType;
  label: string;
  createdAt: string;
}

export interface CustomerSession {
  id: string;
  status: string | null;
  teamId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  resolvedAt: string | null;
  rating: number | null;
  /** The newest public message's text (null: archived, or none). */
  lastMessage: string | null;
  archived: boolean;
}

/** Who made a change, for its audit entry. */
export interface ChangeAuthor {
  actorId: string;
  actorRole: string;
  auditId: string;
  changeId: string;
  now: string;
}

/** A change's author, with fresh ids for its audit entry and its version. */
export const changeBy = (
  actorId: string,
  actorRole: string,
  now: string,
  newId: () => string,
): ChangeAuthor => ({ actorId, actorRole, now, auditId: newId(), changeId: newId() });

/** How many of a customer's sessions a contact or a conversation list shows. */
export const SESSIONS_SHOWN = 20;

export interface ContactFields {
  name: string | null;
  email: string | null;
  locale: string | null;
  attributes: Record<string, AttributeValue>;
}

/** Contacts, their declared attributes, and the sessions of a customer. */
export class ContactRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, contactQueries);
  }

  /**
   * Records what a site signed about its user (creating the contact, or bringing it up to date);
   * audited when it changed anything. Answers false, and keeps nothing, if the customer was erased
   * after `issuedAt`.
   */
  async identify(
    fields: ContactFields & { id: string; issuedAt: string },
    author: ChangeAuthor,
  ): Promise<boolean> {
    const { id, issuedAt, ...signed } = fields;
    const result = await runNamed(this.d1, this.statements.identify, {
      ...signed,
      ...author,
      id,
      issuedAt,
      attributes: JSON.stringify(signed.attributes),
      detail: JSON.stringify({ source: "identity", set: compact(signed) }),
    });
    return result.revoked.rows.length === 0;
  }

  /** Moves an anonymous customer's sessions to the known customer; answers how many moved. */
  async merge(anonymousId: string, id: string, name: string | null, auditId: string, now: string) {
    const result = await runNamed(this.d1, this.statements.merge, {
      anonymousId,
      id,
      name,
      auditId,
      now,
    });
    return result.sessions.rows.length + result.archived.rows.length;
  }

  async get(id: string): Promise<Contact | null> {
    const { rows } = await runOne(this.d1, this.statements.get.bind({ id }));
    return rows[0] ? toContact(rows[0]) : null;
  }

  /** A contact for a customer who so far has only sessions (none: no such customer). */
  async createFromSessions(id: string, changeId: string): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.derived.bind({ id }));
    const found = rows[0];
    if (!found) return false;
    await runOne(
      this.d1,
      this.statements.create.bind({
        id,
        name: (found.name as string | null) ?? null,
        locale: (found.locale as string | null) ?? null,
        firstSeen: found.first_seen as string,
        lastSeen: found.last_seen as string,
        changeId,
      }),
    );
    return true;
  }

  /**
   * What a widget's form collected, as the contact of a customer who has none (one they have stays
   * as it is); audited when kept. Answers whether it was kept.
   */
  async fromForm(
    id: string,
    fields: { name: string | null; email: string | null },
    author: ChangeAuthor,
  ): Promise<boolean> {
    const result = await runNamed(this.d1, this.statements.fromForm, {
      ...fields,
      ...author,
      id,
      detail: JSON.stringify({
        source: "form",
        set: compact({ ...fields, locale: null, attributes: {} }),
      }),
    });
    return result.insert.rows.length === 1;
  }

  /** Applies `fields` over the version `fromChangeId`; answers false if another change came first. */
  async update(
    id: string,
    fromChangeId: string,
    fields: ContactFields,
    detail: Record<string, unknown>,
    author: ChangeAuthor,
  ): Promise<boolean> {
    const result = await runNamed(this.d1, this.statements.update, {
      ...fields,
      ...author,
      id,
      fromChangeId,
      attributes: JSON.stringify(fields.attributes),
      detail: JSON.stringify(detail),
    });
    return result.update.rows.length === 1;
  }

  /** The customer's sessions, newest first: those in D1, then those only in the archive. */
  async sessionsOf(id: string, limit: number): Promise<CustomerSession[]> {
    const result = await runNamed(
      this.d1,
      { live: this.statements.sessions, stored: this.statements.archived },
      { id, limit },
    );
    const live = result.live.rows.map(
      (row): CustomerSession => ({
        id: row.id as string,
        status: row.status as string,
        teamId: (row.team_id as string | null) ?? null,
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
        resolvedAt: (row.resolved_at as string | null) ?? null,
        rating: (row.rating as number | null) ?? null,
        lastMessage: (row.last_message as string | null) ?? null,
        archived: false,
      }),
    );
    const inD1 = new Set(live.map((session) => session.id));
    const archived = result.stored.rows
      .filter((row) => !inD1.has(row.id as string))
      .map(
        (row): CustomerSession => ({
          id: row.id as string,
          status: "resolved",
          teamId: null,
          createdAt: null,
          updatedAt: (row.archived_at as string | null) ?? null,
          resolvedAt: (row.resolved_at as string | null) ?? null,
          rating: null,
          lastMessage: null,
          archived: true,
        }),
      );
    return [...live, ...archived].slice(0, limit);
  }

  async owns(id: string, sessionId: string): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.owns.bind({ id, sessionId }));
    return rows.length > 0;
  }

  async list(
    q: string | null,
    after: { lastSeen: string; id: string } | null,
    limit: number,
  ): Promise<Contact[]> {
    const { rows } = await runOne(
      this.d1,
      this.statements.list.bind({
        q,
        afterSeen: after?.lastSeen ?? null,
        afterId: after?.id ?? null,
        limit,
      }),
    );
    return rows.map(toContact);
  }

  async attributes(): Promise<AttributeDeclaration[]> {
    const { rows } = await runOne(this.d1, this.statements.attributes.bind({}));
    return rows.map(toDeclaration);
  }

  /** Declares an attribute or relabels it; null (nothing changed) when it has another type. */
  async declare(key: string, type: AttributeType, label: string, now: string) {
    const { rows } = await runOne(this.d1, this.statements.declare.bind({ key, type, label, now }));
    return rows[0] ? toDeclaration(rows[0]) : null;
  }
}

const compact = (fields: ContactFields) =>
  Object.fromEntries(
    Object.entries(fields).filter(
      ([key, value]) =>
        value !== null && !(key === "attributes" && !Object.keys(value as object).length),
    ),
  );

function toContact(row: Row): Contact {
  return {
    id: row.id as string,
    name: (row.name as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    locale: (row.locale as string | null) ?? null,
    attributes: JSON.parse(row.attributes as string) as Record<string, AttributeValue>,
    verified: Boolean(row.verified),
    firstSeen: row.first_seen as string,
    lastSeen: row.last_seen as string,
    changeId: row.change_id as string,
  };
}

const toDeclaration = (row: Row): AttributeDeclaration => ({
  key: row.key as string,
  type: row.type as AttributeType,
  label: row.label as string,
  createdAt: row.created_at as string,
});
