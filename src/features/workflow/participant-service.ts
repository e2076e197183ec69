import { type AccessPolicy, type Actor, authorize, authorizeUser, viewOf } from "../../core/access";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { Participant, ParticipantRepository } from "../../core/db/participant-repository";
import { sessionNotFound } from "../../platform/errors";
import type { ArchiveService } from "../archive";

/** Who takes part in a session, and how far each has read. */
export class ParticipantService {
  constructor(
    private readonly deps: {
      participants: ParticipantRepository;
      sessions: ChatRepository;
      /** Sessions moved to the archive: their participants are read from there. */
      archive: Pick<ArchiveService, "participants">;
      settings: AccessPolicy;
      clock: () => Date;
    },
  ) {}

  /** Moves the caller's read marker to `seq`; `unread` counts only what the caller may see. */
  async markRead(actor: Actor, sessionId: string, seq: number) {
    const user = authorizeUser(actor, "session:read", this.deps.settings, sessionId);
    const state = await this.deps.participants.markRead(
      sessionId,
      { id: user.subject, role: user.role, name: user.name ?? null },
      seq,
      this.deps.clock().toISOString(),
      viewOf(actor),
    );
    if (!state) throw sessionNotFound(sessionId);
    return state;
  }

  async list(actor: Actor, sessionId: string): Promise<Participant[]> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    if (await this.deps.sessions.findSessionOnly(sessionId)) {
      return this.deps.participants.participants(sessionId);
    }
    const archived = await this.deps.archive.participants(sessionId);
    if (!archived) throw sessionNotFound(sessionId);
    return archived;
  }
}
