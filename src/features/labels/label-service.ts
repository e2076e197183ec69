import {
  type AccessPolicy,
  type Actor,
  authorizeUser,
  checkWorksOn,
  type User,
} from "../../core/access";
import { ConflictError, NotFoundError, sessionNotFound } from "../../platform/errors";
import type { Label, LabelRef, LabelRepository } from "./label-repository";

export interface LabelInput {
  name: string;
  colour: string;
}

/**
 * Labels: admins and supervisors keep them; agents put them on the sessions they work on (their
 * teams', those in no team, those they hold), supervisors on any. Desk data: never a customer's.
 */
export class LabelService {
  constructor(
    private readonly deps: {
      labels: LabelRepository;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
      /** Tells the other consoles a session's labels changed (after the answer; never fails it). */
      announce?: (sessionId: string, labels: LabelRef[]) => Promise<void>;
      /** Tells every console a label was added, renamed, recoloured or removed (null), likewise. */
      announceLabel?: (id: string, label: LabelRef | null) => Promise<void>;
    },
  ) {}

  async list(actor: Actor): Promise<Label[]> {
    authorizeUser(actor, "session:list", this.deps.settings);
    return this.deps.labels.list();
  }

  async create(actor: Actor, input: LabelInput): Promise<Label> {
    authorizeUser(actor, "label:manage", this.deps.settings);
    const now = this.deps.clock().toISOString();
    const label = { id: this.deps.newId(), ...input, createdAt: now, updatedAt: now };
    if (!(await this.deps.labels.add(label))) throw taken(input.name);
    await this.deps.announceLabel?.(label.id, label);
    return label;
  }

  async update(actor: Actor, id: string, input: LabelInput): Promise<Label> {
    authorizeUser(actor, "label:manage", this.deps.settings);
    const current = await this.find(id);
    const label = { ...current, ...input, updatedAt: this.deps.clock().toISOString() };
    const outcome = await this.deps.labels.update(label);
    if (outcome === "taken") throw taken(input.name);
    if (outcome === "missing") throw labelNotFound(id);
    await this.deps.announceLabel?.(id, label);
    return label;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, "label:manage", this.deps.settings);
    if (!(await this.deps.labels.remove(id))) throw labelNotFound(id);
    await this.deps.announceLabel?.(id, null);
  }

  /** The labels on a session the caller may see. */
  async ofSession(actor: Actor, sessionId: string): Promise<LabelRef[]> {
    const user = authorizeUser(actor, "session:list", this.deps.settings);
    await this.checkScope(user, sessionId);
    return (await this.deps.labels.ofSessions([sessionId])).get(sessionId) ?? [];
  }

  /** Puts a label on a session (again: no change); answers its labels. */
  async attach(actor: Actor, sessionId: string, labelId: string): Promise<LabelRef[]> {
    const user = authorizeUser(actor, "label:apply", this.deps.settings);
    await this.checkScope(user, sessionId);
    await this.find(labelId);
    const at = this.deps.clock().toISOString();
    return this.changed(
      sessionId,
      await this.deps.labels.change(sessionId, { put: labelId, by: user.subject, at }),
    );
  }

  /** Takes a label off a session (one it does not have: no change; no such label: 404); answers its labels. */
  async detach(actor: Actor, sessionId: string, labelId: string): Promise<LabelRef[]> {
    const user = authorizeUser(actor, "label:apply", this.deps.settings);
    await this.checkScope(user, sessionId);
    await this.find(labelId);
    return this.changed(sessionId, await this.deps.labels.change(sessionId, { take: labelId }));
  }

  /** What a routing rule does: labels a session, whoever could see it. */
  async fromRules(sessionId: string, labelIds: string[], ruleIds: string[]): Promise<void> {
    if (!labelIds.length) return;
    const by = ruleIds.map((id) => `rule:${id}`).join(",");
    await this.deps.labels.attach(sessionId, labelIds, by, this.deps.clock().toISOString());
  }

  /** The session's labels after a change, announced to the other consoles. */
  private async changed(sessionId: string, labels: LabelRef[]): Promise<LabelRef[]> {
    await this.deps.announce?.(sessionId, labels);
    return labels;
  }

  private async find(id: string): Promise<Label> {
    const label = await this.deps.labels.get(id);
    if (!label) throw labelNotFound(id);
    return label;
  }

  /** The session exists and the caller works on it (core/access checkWorksOn). */
  private async checkScope(user: User, sessionId: string): Promise<void> {
    const scope = await this.deps.labels.scopeOf(sessionId);
    if (!scope) throw sessionNotFound(sessionId);
    await checkWorksOn(user, scope, (teamId) => this.deps.labels.isMember(user.subject, teamId));
  }
}

const labelNotFound = (id: string) =>
  new NotFoundError(`Label ${id} does not exist.`, "/problems/label-not-found");

const taken = (name: string) =>
  new ConflictError(`A label named "${name}" exists already.`, "/problems/label-name-taken");
