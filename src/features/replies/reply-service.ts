import { type AccessPolicy, type Actor, authorizeUser, can } from "../../core/access";
import type { ChatRepository } from "../../core/db/chat-repository";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import type { ContactRepository } from "../customers";
import type { TeamRepository } from "../routing";
import { fillPlaceholders, unknownPlaceholders, valuesFor } from "./placeholders";
import type { ReplyRepository, SavedReply, SavedReplyFields } from "./reply-repository";
import { sessionWorkedOn } from "./session-access";

const replyNotFound = (id: string) => new NotFoundError(`Saved reply ${id} does not exist.`);

/**
 * Saved replies: kept by admins and supervisors for a team or everyone; agents use those for
 * everyone and for their teams, filled in for the session they answer.
 */
export class ReplyService {
  constructor(
    private readonly deps: {
      replies: ReplyRepository;
      sessions: Pick<ChatRepository, "findSessionOnly">;
      teams: Pick<TeamRepository, "teamsOf" | "get">;
      contacts: Pick<ContactRepository, "get">;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** Every reply for those who manage them; for an agent, everyone's and their teams'. */
  async list(actor: Actor): Promise<SavedReply[]> {
    if (can(actor, "reply:manage")) return this.deps.replies.available(null);
    const user = authorizeUser(actor, "reply:use", this.deps.settings);
    return this.deps.replies.available(user.subject);
  }

  async create(actor: Actor, fields: SavedReplyFields): Promise<SavedReply> {
    const user = authorizeUser(actor, "reply:manage", this.deps.settings);
    checkText(fields.text);
    const id = this.deps.newId();
    const now = this.deps.clock().toISOString();
    refuse(await this.deps.replies.insert(id, fields, user.subject, now), fields, id);
    return this.found(id);
  }

  async update(actor: Actor, id: string, fields: SavedReplyFields): Promise<SavedReply> {
    authorizeUser(actor, "reply:manage", this.deps.settings);
    checkText(fields.text);
    const now = this.deps.clock().toISOString();
    refuse(await this.deps.replies.update(id, fields, now), fields, id);
    return this.found(id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, "reply:manage", this.deps.settings);
    if (!(await this.deps.replies.remove(id))) throw replyNotFound(id);
  }

  /** The replies the caller may use, each filled in for the session (of those they work on). */
  async filledFor(actor: Actor, sessionId: string): Promise<SavedReply[]> {
    const { user, session } = await sessionWorkedOn(this.deps, actor, "reply:use", sessionId);
    const [replies, contact, team] = await Promise.all([
      this.list(actor),
      session.customerId ? this.deps.contacts.get(session.customerId) : null,
      session.teamId ? this.deps.teams.get(session.teamId) : null,
    ]);
    const values = valuesFor({
      customerName: contact?.name ?? session.customerName,
      customerEmail: contact?.email ?? null,
      agentName: user.name ?? null,
      teamName: team?.name ?? null,
      sessionId,
    });
    return replies.map((reply) => ({ ...reply, text: fillPlaceholders(reply.text, values) }));
  }

  private async found(id: string): Promise<SavedReply> {
    const reply = await this.deps.replies.get(id);
    if (!reply) throw replyNotFound(id);
    return reply;
  }
}

/** Refuses a text naming placeholders the service does not fill. */
function checkText(text: string) {
  const unknown = unknownPlaceholders(text);
  if (!unknown.length) return;
  throw new ValidationError("The reply names placeholders that do not exist.", [
    {
      path: "body.text",
      message: `unknown placeholder${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `{{${name}}}`).join(", ")}`,
    },
  ]);
}

function refuse(
  outcome: Awaited<ReturnType<ReplyRepository["insert"]>>,
  fields: SavedReplyFields,
  id: string,
) {
  if (outcome === "no-team") {
    throw new ValidationError("The reply's team does not exist.", [
      { path: "body.team_id", message: `is not a team: ${fields.teamId}` },
    ]);
  }
  if (outcome === "missing") throw replyNotFound(id);
  if (outcome === "taken") {
    throw new ConflictError(
      `The shortcut /${fields.shortcut} is taken ${fields.teamId ? `in team ${fields.teamId}` : "for everyone"}.`,
    );
  }
}
