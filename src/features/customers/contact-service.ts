import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { checkAttributes } from "./attributes";
import {
  type AttributeDeclaration,
  type AttributeValue,
  type Contact,
  type ContactFields,
  type ContactRepository,
  type CustomerSession,
  changeBy,
  SESSIONS_SHOWN,
} from "./contact-repository";
import type { AttributeType } from "./tables";

/** An agent's change: absent fields stay, null clears, attributes merge (null removes one). */
export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  locale?: string | null;
  attributes?: Record<string, AttributeValue | null>;
}

/**
 * How often an agent's change is applied again over a contact another change moved on: a change
 * fails only when another one landed in between, so up to this many changing one contact at once
 * all land.
 */
const UPDATE_ATTEMPTS = 10;

/**
 * Contacts for agents: the customer as a person (profile and declared attributes, every change
 * audited) with their recent conversations.
 */
export class ContactService {
  constructor(
    private readonly deps: {
      contacts: ContactRepository;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
      /** The customer was named: their sessions' consoles are told (after the answer). */
      announceRename?: (customerId: string) => void;
    },
  ) {}

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
      const author = changeBy(user.subject, user.role, now, this.deps.newId);
      if (await this.deps.contacts.update(id, current.changeId, next, { changes }, author)) {
        if (changes.name && next.name) this.deps.announceRename?.(id);
        return { ...current, ...next, changeId: author.changeId };
      }
    }
    throw new ConflictError("The contact kept changing while this change was applied; try again.");
  }

  /**
   * What the widget's pre-chat or offline form collected, kept for the customer who just started a
   * session (not verified; a contact they already have stays), so that unseen replies reach them.
   */
  async fromForm(customerId: string, form: { name?: string; email?: string }): Promise<void> {
    const now = this.deps.clock().toISOString();
    await this.deps.contacts.fromForm(
      customerId,
      { name: form.name ?? null, email: form.email?.toLowerCase() ?? null },
      changeBy(customerId, "customer", now, this.deps.newId),
    );
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
    if (!stored) {
      const declared = (await this.deps.contacts.attributes()).find((a) => a.key === key);
      throw new ConflictError(
        `The attribute ${key} is a ${declared?.type}; its type cannot change.`,
      );
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
