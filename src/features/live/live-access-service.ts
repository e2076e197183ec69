import { type AccessPolicy, type Actor, authorize, can } from "../../core/access";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { Role } from "../../platform/auth/roles";
import {
  ForbiddenError,
  NotFoundError,
  sessionNotFound,
  UnauthorizedError,
} from "../../platform/errors";
import type { ArchiveService } from "../archive";
import type { TeamRepository } from "../routing";

/** What a live ticket says: who, for which channel (a session id, or the queue), for how long. */
export interface TicketClaims {
  subject: string;
  role: Role;
  name?: string;
  channel: string;
  ticketId: string;
  ttlSeconds: number;
  /** When the socket it opens must close: the asking token's expiry (seconds), if it has one. */
  socketExpiresAt?: number;
}

/** Signs a live ticket. */
export type TicketIssuer = (
  claims: TicketClaims,
  now: Date,
) => Promise<{ token: string; expiresAt: Date }>;

/** The channel of a live queue, as a ticket names it (sessions are named by their id). */
export const queueChannel = (teamId: string | null) =>
  teamId === null ? "queue" : `queue:${teamId}`;

/**
 * Who may follow what live: a session's socket as reading the session, the queue's as listing it;
 * and the single-use tickets that let a browser open either without putting a token in a URL.
 */
export class LiveAccessService {
  constructor(
    private readonly deps: {
      sessions: ChatRepository;
      /** An archived session is followed like any other (its room reads it from the archive). */
      archive: Pick<ArchiveService, "has">;
      teams: Pick<TeamRepository, "get">;
      issueTicket: TicketIssuer;
      settings: AccessPolicy & { live: { ticketTtlSeconds: number } };
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** Whether `actor` may follow the session live; throws as reading it would. */
  async checkSession(actor: Actor, sessionId: string): Promise<void> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const { sessions, archive } = this.deps;
    if (await sessions.findSessionOnly(sessionId)) return;
    if (!(await archive.has(sessionId))) throw sessionNotFound(sessionId);
  }

  /**
   * Whether `actor` may follow a team's queue live (null: the sessions in no team): agents follow
   * their own teams', supervisors and admins any team's.
   */
  async checkQueue(actor: Actor, teamId: string | null): Promise<void> {
    authorize(actor, "queue:follow", this.deps.settings);
    if (teamId === null) return;
    const team = await this.deps.teams.get(teamId);
    if (!team) throw new NotFoundError(`Team ${teamId} does not exist.`);
    const member = actor.kind === "user" && team.members.includes(actor.subject);
    if (!member && !can(actor, "team:manage")) {
      throw new ForbiddenError(
        `Only members of team ${teamId} (and supervisors) follow its queue.`,
      );
    }
  }

  /** A ticket for the session's socket. */
  async sessionTicket(actor: Actor, sessionId: string) {
    await this.checkSession(actor, sessionId);
    return this.ticket(actor, sessionId);
  }

  /** A ticket for a team's queue socket. */
  async queueTicket(actor: Actor, teamId: string | null) {
    await this.checkQueue(actor, teamId);
    return this.ticket(actor, queueChannel(teamId));
  }

  /**
   * A ticket opens one socket of `channel`, within the configured TTL and never after the token
   * that asked for it expires; the socket it opens closes when that token expires.
   */
  private async ticket(actor: Actor, channel: string) {
    if (actor.kind !== "user") {
      throw new UnauthorizedError(
        "Tickets are for token holders; without tokens, connect directly.",
      );
    }
    const user = actor;
    const { clock, settings, newId } = this.deps;
    const now = clock();
    const left = user.expiresAt
      ? user.expiresAt - Math.floor(now.getTime() / 1000)
      : Number.POSITIVE_INFINITY;
    return this.deps.issueTicket(
      {
        subject: user.subject,
        role: user.role,
        name: user.name,
        channel,
        ticketId: newId(),
        ttlSeconds: Math.max(1, Math.min(settings.live.ticketTtlSeconds, left)),
        socketExpiresAt: user.expiresAt,
      },
      now,
    );
  }
}
