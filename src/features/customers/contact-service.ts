import { z } from "@hono/zod-openapi";
import { type AccessPolicy, type Actor, authorizeUser, type User } from "../../core/access";
import type { TokenVerifier } from "../../platform/auth/token-verifier";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import type {
  AttributeDeclaration,
  AttributeValue,
  Contact,
  ContactFields,
  ContactRepository,
  CustomerSession,
} from "./contact-repository";
import {
  ANONYMOUS_PREFIX,
  type Identity,
  IdentityRejectedError,
  type IdentityVerifier,
} from "./identity";
import type { AttributeType } from "./tables";

/** Issues a customer's token for one session, naming them. */
export type SessionTokenIssuer = (
  sessionId: string,
  customerId: string,
  name: string | null,
  now: Date,
) => Promise<{ token: string; expiresAt: Date } | null>;

/** An agent's change: absent fields stay, null clears, attributes merge (null removes one). */
export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  locale?: string | null;
  attributes?: Record<string, AttributeValue | null>;
}

const VALUE_CHECKS: Record<AttributeType, z.ZodType> = {
  string: z.string().max(1_000),
  number: z.number().refine(Number.isFinite),
  boolean: z.boolean(),
  date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
};

/**
 * How often an agent's change is applied again over a contact another change moved on: a change
 * fails only when another one landed in between, so up to this many changing one contact at once
 * all land.
 */
const UPDATE_ATTEMPTS = 10;
const SESSIONS_SHOWN = 20;

/**
 * Customers as people: who a site says its signed-in user is (verified), their contact (profile and
 * declared attributes, every change audited), and their conversations on any device.
 */
export class ContactService {
  constructor(
    private readonly deps: {
      contacts: ContactRepository;
      identities: IdentityVerifier;
      /** Verifies an anonymous customer's own token, to merge their chats. */
      tokens: Pick<TokenVerifier, "verify">;
      issueSessionToken: SessionTokenIssuer;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /**
   * The customer a signed identity names, as a caller: their contact recorded first (refused if
   * they were erased after the site signed it).
   */
  async signIn(identityToken: string): Promise<{ actor: User; identity: Identity }> {
    const identity = await this.deps.identities.verify(identityToken);
    const declared = await this.deps.contacts.attributes();
    const now = this.deps.clock().toISOString();
    const recorded = await this.deps.contacts.identify(
      {
        id: identity.id,
        issuedAt: new Date(identity.issuedAt * 1000).toISOString(),
        name: identity.name,
        email: identity.email,
        locale: identity.locale,
        attributes: signedAttributes(identity.attributes, declared),
      },
      this.author(identity.id, "identity", now),
    );
    if (!recorded) {
      throw new IdentityRejectedError(
        "This customer's data was erased: the site signs a new identity.",
      );
    }
    const actor: User = {
      kind: "user",
      role: "customer",
      subject: identity.id,
      issuedAt: identity.issuedAt,
      ...(identity.name && { name: identity.name }),
    };
    return { actor, identity };
  }

  /**
   * A signed-in customer's conversations, newest first. With the token of the chat they started
   * anonymously, that customer's chats become theirs first (once: a second merge finds nothing).
   */
  async conversations(identityToken: string, anonymousToken?: string) {
    const { identity } = await this.signIn(identityToken);
    let merged = 0;
    if (anonymousToken) {
      const anonymous = await this.anonymousCustomer(anonymousToken);
      const now = this.deps.clock().toISOString();
      merged = await this.deps.contacts.merge(
        anonymous,
        identity.id,
        identity.name,
        this.deps.newId(),
        now,
      );
    }
    const sessions = await this.deps.contacts.sessionsOf(identity.id, SESSIONS_SHOWN);
    return { customerId: identity.id, name: identity.name, merged, sessions };
  }

  /** A token for one of the signed-in customer's sessions (another's: not found). */
  async sessionToken(identityToken: string, sessionId: string) {
    const identity = await this.deps.identities.verify(identityToken);
    if (!(await this.deps.contacts.owns(identity.id, sessionId))) {
      throw new NotFoundError(`Chat session ${sessionId} does not exist.`);
    }
    const token = await this.deps.issueSessionToken(
      sessionId,
      identity.id,
      identity.name,
      this.deps.clock(),
    );
    if (!token) throw new ConflictError("This service signs no tokens (AUTH_SIGNING_KEYS).");
    return token;
  }

  /** A customer's contact with their recent sessions; one known only by sessions is shown as such. */
  async get(actor: Actor, id: string): Promise<{ contact: Contact; sessions: CustomerSession[] }> {
    authorizeUser(actor, "contact:read", this.deps.settings);
    const contact = await this.find(id);
    return { contact, sessions: await this.deps.contacts.sessionsOf(id, SESSIONS_SHOWN) };
  }

  async list(
    actor: Actor,
    q: string | null,
    after: { lastSeen: string; id: string } | null,
    limit: number,
  ) {
    authorizeUser(actor, "contact:read", this.deps.settings);
    const contacts = await this.deps.contacts.list(q, after, limit + 1);
    return { contacts: contacts.slice(0, limit), hasMore: contacts.length > limit };
  }

  /** An agent's change, audited; applied again over a concurrent change (never lost, never mixed). */
  async update(actor: Actor, id: string, patch: ContactPatch): Promise<Contact> {
    const user = authorizeUser(actor, "contact:update", this.deps.settings);
    const declared = await this.deps.contacts.attributes();
    if (patch.attributes) checkAttributes(patch.attributes, declared);
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      const current = await this.find(id);
      const next = applyPatch(current, patch);
      const changes = diff(current, next);
      if (!Object.keys(changes).length) return current;
      const now = this.deps.clock().toISOString();
      const author = this.author(user.subject, user.role, now);
      if (await this.deps.contacts.update(id, current.changeId, next, { changes }, author)) {
        return { ...current, ...next, changeId: author.changeId };
      }
    }
    throw new ConflictError("The contact kept changing while this change was applied; try again.");
  }

  async attributes(actor: Actor): Promise<AttributeDeclaration[]> {
    authorizeUser(actor, "contact:read", this.deps.settings);
    return this.deps.contacts.attributes();
  }

  /** Declares an attribute (or relabels it); its type never changes once values may exist. */
  async declare(actor: Actor, key: string, type: AttributeType, label: string) {
    authorizeUser(actor, "contact:attributes", this.deps.settings);
    const stored = await this.deps.contacts.declare(
      key,
      type,
      label,
      this.deps.clock().toISOString(),
    );
    if (stored.type !== type) {
      throw new ConflictError(`The attribute ${key} is a ${stored.type}; its type cannot change.`);
    }
    return stored;
  }

  private async find(id: string): Promise<Contact> {
    const { contacts } = this.deps;
    const contact =
      (await contacts.get(id)) ??
      ((await contacts.createFromSessions(id, this.deps.newId())) ? await contacts.get(id) : null);
    if (!contact) throw new NotFoundError(`Customer ${id} is not known.`);
    return contact;
  }

  private async anonymousCustomer(token: string): Promise<string> {
    const user = await this.deps.tokens.verify(token).catch(() => null);
    if (user?.role !== "customer" || !user.subject.startsWith(ANONYMOUS_PREFIX)) {
      throw new ValidationError("anonymous_token is not an anonymous customer's valid token.", [
        { path: "anonymous_token", message: "must be the anonymous chat's customer token" },
      ]);
    }
    return user.subject;
  }

  private author(actorId: string, actorRole: string, now: string) {
    return { actorId, actorRole, now, auditId: this.deps.newId(), changeId: this.deps.newId() };
  }
}

/** What a site signed, kept where declared and of the declared type; the rest is dropped. */
function signedAttributes(
  signed: Record<string, AttributeValue>,
  declared: AttributeDeclaration[],
): Record<string, AttributeValue> {
  const types = new Map(declared.map((d) => [d.key, d.type]));
  return Object.fromEntries(
    Object.entries(signed).filter(([key, value]) => {
      const type = types.get(key);
      return type !== undefined && VALUE_CHECKS[type].safeParse(value).success;
    }),
  );
}

function checkAttributes(
  attributes: Record<string, AttributeValue | null>,
  declared: AttributeDeclaration[],
) {
  const types = new Map(declared.map((d) => [d.key, d.type]));
  const errors = Object.entries(attributes).flatMap(([key, value]) => {
    const type = types.get(key);
    const path = `attributes.${key}`;
    if (!type) return [{ path, message: "is not a declared attribute" }];
    if (value !== null && !VALUE_CHECKS[type].safeParse(value).success) {
      return [{ path, message: `must be a ${type}` }];
    }
    return [];
  });
  if (errors.length)
    throw new ValidationError("Some attributes are not declared or not of their type.", errors);
}

function applyPatch(current: Contact, patch: ContactPatch): ContactFields {
  const attributes = { ...current.attributes };
  for (const [key, value] of Object.entries(patch.attributes ?? {})) {
    if (value === null) delete attributes[key];
    else attributes[key] = value;
  }
  return {
    name: patch.name === undefined ? current.name : patch.name,
    email: patch.email === undefined ? current.email : (patch.email?.toLowerCase() ?? null),
    locale: patch.locale === undefined ? current.locale : patch.locale,
    attributes,
  };
}

/** What changed, field by field (attributes by key): `{ from, to }`. */
function diff(current: Contact, next: ContactFields) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ["name", "email", "locale"] as const) {
    if (current[field] !== next[field]) changes[field] = { from: current[field], to: next[field] };
  }
  const keys = new Set([...Object.keys(current.attributes), ...Object.keys(next.attributes)]);
  for (const key of keys) {
    const from = current.attributes[key] ?? null;
    const to = next.attributes[key] ?? null;
    if (from !== to) changes[`attributes.${key}`] = { from, to };
  }
  return changes;
}
