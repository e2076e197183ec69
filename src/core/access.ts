import type { Actor, User } from "../platform/auth/actor";
import { ROLES, type Role } from "../platform/auth/roles";
import type { RoleRequirement } from "../platform/http/define-route";

export type { Actor, User };

import {
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from "../platform/errors";
import type { AuthorType, MessageView } from "./chat";

export type Action =
  | "session:create"
  | "session:read"
  | "message:create"
  | "message:internal"
  | "session:list"
  | "session:list-all"
  | "queue:follow"
  | "queue:claim"
  | "session:assign"
  | "session:transfer"
  | "session:escalate"
  | "session:resolve"
  | "session:rate"
  | "session:handoff"
  | "session:finish"
  | "agent:manage"
  | "agent:availability"
  | "team:manage"
  | "analytics:read"
  | "kb:search"
  | "conversation:search"
  | "kb:manage"
  | "customer:data"
  | "contact:read"
  | "contact:update"
  | "contact:attributes"
  | "webhook:manage"
  | "label:manage"
  | "label:apply"
  | "desk:export"
  | "reply:use"
  | "reply:manage"
  | "session:draft";

const AGENT_WORK: Action[] = [
  "agent:availability",
  "session:handoff",
  "kb:search",
  "conversation:search",
  "message:internal",
  "session:list",
  "queue:follow",
  "queue:claim",
  "session:transfer",
  "session:escalate",
  "session:resolve",
  "contact:read",
  "contact:update",
  "label:apply",
  "reply:use",
  "session:draft",
];

/** Who may do what: the one table every permission follows from (docs/permissions.md is generated from it). */
export const PERMISSIONS: Record<Role, readonly Action[]> = {
  customer: [
    "session:create",
    "session:read",
    "message:create",
    "session:rate",
    "session:handoff",
    "session:finish",
    "kb:search",
  ],
  service_agent: ["session:create", "session:read", "message:create", ...AGENT_WORK],
  supervisor: [
    "session:create",
    "session:read",
    "message:create",
    ...AGENT_WORK,
    "session:list-all",
    "session:assign",
    "agent:manage",
    "team:manage",
    "analytics:read",
    "kb:manage",
    "contact:attributes",
    "label:manage",
    "desk:export",
    "reply:manage",
  ],
  admin: [
    "session:create",
    "session:read",
    "session:list",
    "session:list-all",
    "queue:follow",
    "agent:manage",
    "team:manage",
    "analytics:read",
    "kb:search",
    "conversation:search",
    "kb:manage",
    "customer:data",
    "contact:read",
    "contact:update",
    "contact:attributes",
    "webhook:manage",
    "label:manage",
    "desk:export",
    "reply:manage",
  ],
};

/**
 * What a caller may see: agents (and, in open mode, everyone) see all messages and every field;
 * customers, and callers without a token, see public messages and the customer's fields only.
 */
export function viewOf(actor: Actor): MessageView {
  if (actor.kind === "unrestricted") return "all";
  return actor.kind === "user" && actor.role !== "customer" ? "all" : "public";
}

/** Whom a rate limit counts: the token's subject, or the client's address without a token. */
export function rateKey(actor: Actor): string {
  return actor.kind === "user" ? `sub:${actor.subject}` : `ip:${actor.address ?? "unknown"}`;
}

export interface AccessPolicy {
  publicSessionCreation: boolean;
}

/**
 * Throws unless `actor` may do `action` (on `sessionId`). A customer asking for a session that is
 * not theirs gets "not found", so that session ids cannot be probed.
 */
export function authorize(
  actor: Actor,
  action: Action,
  policy: AccessPolicy,
  sessionId?: string,
): void {
  if (actor.kind === "unrestricted") return;
  if (actor.kind === "anonymous") {
    if (action === "session:create" && policy.publicSessionCreation) return;
    throw new UnauthorizedError("A bearer token is required.", false);
  }
  if (!PERMISSIONS[actor.role].includes(action)) {
    throw new ForbiddenError(`The role ${actor.role} may not ${ACTION_NAMES[action]}.`);
  }
  if (actor.role === "customer" && sessionId !== undefined && sessionId !== actor.sessionId) {
    throw new NotFoundError(`Chat session ${sessionId} does not exist.`);
  }
}

/**
 * What an operation that is `action` throughout requires of its caller's role (its route refuses the
 * others before reading the request; the service still authorizes the rest).
 */
export function requires(action: Action): RoleRequirement {
  return {
    roles: ROLES.filter((role) => PERMISSIONS[role].includes(action)),
    refusal: (role) => `The role ${role} may not ${ACTION_NAMES[action]}.`,
  };
}

/** Whether `actor` holds `action` (for answers that differ by role, not for refusals). */
export function can(actor: Actor, action: Action): boolean {
  return (
    actor.kind === "unrestricted" ||
    (actor.kind === "user" && PERMISSIONS[actor.role].includes(action))
  );
}

/**
 * Agents work on their teams' sessions, those in no team, and those they hold; supervisors and
 * admins on any. Throws otherwise; `inTeam` is asked only when it decides.
 */
export async function checkWorksOn(
  user: User,
  session: { teamId: string | null; assigneeId: string | null },
  inTeam: (teamId: string) => Promise<boolean>,
): Promise<void> {
  const { teamId } = session;
  if (can(user, "session:list-all") || teamId === null || session.assigneeId === user.subject) {
    return;
  }
  if (await inTeam(teamId)) return;
  throw new ForbiddenError(
    `Only members of team ${teamId} (and supervisors) work on this session.`,
  );
}

/**
 * Like authorize, for work that needs an identity (the support workflow has none in open mode):
 * answers the calling user.
 */
export function authorizeUser(
  actor: Actor,
  action: Action,
  policy: AccessPolicy,
  sessionId?: string,
): User {
  authorize(actor, action, policy, sessionId);
  if (actor.kind !== "user") {
    throw new UnauthorizedError("The support workflow needs a bearer token.", false);
  }
  return actor;
}

const ACTION_NAMES: Record<Action, string> = {
  "session:create": "start chat sessions",
  "session:read": "read chat sessions",
  "message:create": "send messages",
  "message:internal": "write internal notes",
  "session:list": "list the queue",
  "session:list-all": "list every team's sessions",
  "queue:follow": "follow the queue",
  "queue:claim": "claim sessions",
  "session:assign": "assign sessions",
  "session:transfer": "transfer sessions",
  "session:escalate": "escalate sessions",
  "session:resolve": "resolve sessions",
  "session:rate": "rate sessions",
  "session:handoff": "hand sessions to a person",
  "session:finish": "end a conversation with the bot",
  "kb:search": "search the knowledge base",
  "conversation:search": "search conversations",
  "kb:manage": "manage the knowledge base",
  "agent:manage": "manage agents",
  "agent:availability": "set their availability",
  "team:manage": "manage teams and routing",
  "customer:data": "export or erase a customer's data, or read the audit log",
  "analytics:read": "read analytics",
  "contact:read": "read contacts",
  "contact:update": "change contacts",
  "contact:attributes": "declare contact attributes",
  "webhook:manage": "manage webhook endpoints",
  "label:manage": "manage labels",
  "label:apply": "label sessions",
  "desk:export": "export the desk's data as CSV",
  "reply:use": "use saved replies",
  "reply:manage": "manage saved replies",
  "session:draft": "draft replies or summaries with the assistant",
};

/**
 * Throws unless `actor` may transfer a session held by `assigneeId`: its agent, or a supervisor
 * (with the session:transfer permission); answers the caller.
 */
export function authorizeTransfer(
  actor: Actor,
  assigneeId: string | null,
  policy: AccessPolicy,
): User {
  const user = authorizeUser(actor, "session:transfer", policy);
  if (user.role !== "supervisor" && assigneeId !== user.subject) {
    throw new ForbiddenError("Only the assigned agent or a supervisor may transfer this session.");
  }
  return user;
}

/**
 * The author a message is stored under follows from the token: customers write as `customer`,
 * everyone else as `service_agent`. A body that claims otherwise is refused; one that agrees, or
 * says nothing, is fine. Without a token (open mode) the body must say.
 */
export function authorOf(actor: Actor, claimed: AuthorType | undefined): AuthorType {
  if (actor.kind !== "user") {
    if (claimed) return claimed;
    throw new ValidationError("The request body is not valid.", [
      { path: "body.author_type", message: "is required without a bearer token" },
    ]);
  }
  const author: AuthorType = actor.role === "customer" ? "customer" : "service_agent";
  if (claimed && claimed !== author) {
    throw new ForbiddenError(`A ${actor.role} token writes as ${author}, not as ${claimed}.`);
  }
  return author;
}
