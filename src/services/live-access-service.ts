import type { ChatRepository } from "../db/chat-repository";
import { type AccessPolicy, type Actor, authorize } from "../domain/access";
import { sessionNotFound, UnauthorizedError } from "../domain/errors";
import type { TicketIssuer } from "./ports";

/** The channel of the agents' live queue, as a ticket names it (sessions are named by their id). */
export const QUEUE_CHANNEL = "queue";

/**
 * Who may follow what live: a session's socket as reading the session, the queue's as listing it;
 * and the single-use tickets that let a browser open either without putting a token in a URL.
 */
export class LiveAccessService {
  constructor(
    private readonly deps: {
      sessions: ChatRepository;
      issueTicket: TicketIssuer;
      settings: AccessPolicy & { live: { ticketTtlSeconds: number } };
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /** Whether `actor` may follow the session live; throws as reading it would. */
  async checkSession(actor: Actor, sessionId: string): Promise<void> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    if (!(await this.deps.sessions.findSessionOnly(sessionId))) throw sessionNotFound(sessionId);
  }

  /** Whether `actor` may follow the queue live (agents); throws as listing it would. */
  checkQueue(actor: Actor): void {
    authorize(actor, "queue:follow", this.deps.settings);
  }

  /** A ticket for the session's socket. */
  async sessionTicket(actor: Actor, sessionId: string) {
    await this.checkSession(actor, sessionId);
    return this.ticket(actor, sessionId);
  }

  /** A ticket for the queue's socket. */
  async queueTicket(actor: Actor) {
    this.checkQueue(actor);
    return this.ticket(actor, QUEUE_CHANNEL);
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
