import type { Message } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { Notifier } from "../../core/notifier";
import type { Logger } from "../../platform/logger";
import type { RoutingService } from "../routing";
import type { OutboxRepository, OwedEntry } from "./outbox-repository";

/** An entry this old was left by a writer that did not finish it (the writer needs milliseconds). */
export const ORPHAN_AFTER_MS = 2_000;
/** Entries redelivered per sweep (the rest wait for the next one, a few seconds later). */
const SWEEP_BATCH = 50;

/**
 * Finishes what writes owe when their writer could not: the sweeper (a Durable Object alarm, every
 * few seconds while writes happen) redelivers outbox entries older than ORPHAN_AFTER_MS, and a
 * client's retry of a stored message redelivers what its session still owes at once. A
 * redelivery reads the session and messages from D1 as they are now, fans them out as the writer
 * would have (the rooms deliver each seq once; the responder answers only what has no reply), routes
 * a session that waits in the queue, and removes the entry. A writer that died may also have left
 * agents with room and sessions waiting: a sweep that found orphans drains every auto team.
 */
export class OutboxService {
  constructor(
    private readonly deps: {
      outbox: OutboxRepository;
      sessions: ChatRepository;
      notifier: Pick<Notifier, "deliver">;
      routing: Pick<RoutingService, "route" | "drainAutoTeams">;
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  /** One sweep: answers how many orphaned entries it finished. */
  async sweep(): Promise<number> {
    const { outbox, clock, routing, logger } = this.deps;
    const cutoff = new Date(clock().getTime() - ORPHAN_AFTER_MS).toISOString();
    const orphans = await outbox.olderThan(cutoff, SWEEP_BATCH);
    for (const entry of orphans) await this.redeliver(entry);
    if (orphans.length) {
      logger.warn("outbox: finished what writers left", { entries: orphans.length });
      await routing.drainAutoTeams();
    }
    return orphans.length;
  }

  /** Everything the session still owes, now (a client retried a write it may not have seen end). */
  async finish(sessionId: string): Promise<void> {
    for (const entry of await this.deps.outbox.ofSession(sessionId)) await this.redeliver(entry);
  }

  private async redeliver(entry: OwedEntry): Promise<void> {
    const { sessions, notifier, routing, outbox } = this.deps;
    const session = await sessions.findSessionOnly(entry.sessionId);
    if (!session) {
      await outbox.done(entry.id); // erased or archived since: nothing left to tell
      return;
    }
    const messages = await this.messagesOf(entry);
    // Its events are recorded and the entry removed even if the fan-out failed again: one retry,
    // as for the writer's own try.
    await notifier.deliver(messages, entry.change, session, {
      entry,
      leftTeamId: entry.leftTeamId,
      final: true,
    });
    await routing.route(session);
  }

  private async messagesOf({ sessionId, firstSeq, lastSeq }: OwedEntry): Promise<Message[]> {
    if (firstSeq === null || lastSeq === null) return [];
    const page = await this.deps.sessions.listMessages(
      sessionId,
      { afterSeq: firstSeq - 1 },
      lastSeq - firstSeq + 1,
    );
    return page?.messages ?? [];
  }
}
