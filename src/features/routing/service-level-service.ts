import type { ChatRepository } from "../../core/db/chat-repository";
import type { Notifier } from "../../core/notifier";
import { SYSTEM_LINES } from "../../core/system-lines";
import type { AssignmentRepository } from "./assignment-repository";

const DUE_NAMES = { first_response: "first answer", next_response: "next answer" } as const;

/**
 * Service levels: a session knows when its next agent answer is due (set in the statements that
 * queue it, or store a customer's message; cleared by an agent's public answer). Its room's alarm
 * rings then, and if no answer came, the session is escalated (priority up, flagged, an internal
 * note) and supervisors hear of it live.
 */
export class ServiceLevelService {
  constructor(
    private readonly deps: {
      sessions: ChatRepository;
      assignments: AssignmentRepository;
      notifier: Notifier;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /**
   * The session's room's alarm rang: if its answer is overdue, escalate it. Answers when to look
   * again: the due time still ahead (it may have moved since the alarm was set), or null.
   */
  async check(sessionId: string): Promise<string | null> {
    const { sessions, assignments, notifier, clock, newId } = this.deps;
    const now = clock().toISOString();
    const session = await sessions.findSessionOnly(sessionId);
    if (!session?.dueAt || !session.dueKind) return null;
    if (session.dueAt > now) return session.dueAt;
    const missed = `the ${DUE_NAMES[session.dueKind]} was due at ${session.dueAt}`;
    const result = await assignments.breach(sessionId, `Service level missed: ${missed}`, {
      transitionId: newId(),
      messageId: newId(),
      timestamp: now,
      line: SYSTEM_LINES.asIs(`Service level missed: ${missed}. Escalated.`),
      visibility: "internal",
    });
    if (result.session && result.messages.length) {
      await notifier.stored(result.messages, "sla_breached", result.session, {
        entry: result.owed,
      });
    }
    return null;
  }
}
