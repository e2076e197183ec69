import type {
  ChatSession,
  Message,
  MessageCursor,
  MessagePage,
  MessageView,
  SessionPage,
} from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { Participant, ParticipantRepository } from "../../core/db/participant-repository";
import type { Logger } from "../../platform/logger";
import type { ArchiveStore } from "./archive-store";
import { parseTranscript, type Transcript } from "./transcript";

export type { ArchiveStore, Transcript };

import type { ArchiveRepository } from "./archive-repository";

/** Messages are read out of D1 this many at a time. */
const PAGE = 500;

/**
 * Bounded storage: resolved sessions older than ARCHIVE_AFTER_DAYS move to R2. Per session, in this
 * order: (1) the transcript is written to R2 (one object per session: writing it again replaces it);
 * (2) D1 records it as archived, only if the session is still what was written (resolved, same last
 * seq, same update); (3) D1 removes the session, its messages and participants in one statement,
 * again only if unchanged. A run that stops after (1) leaves D1 whole (the next run writes the same
 * object again); after (2), the next run finishes (3); if the session changed meanwhile, (3) removes
 * nothing, the mark is dropped and the next run archives it afresh. Nothing leaves D1 before R2 has
 * it, and reads find it in D1 until it is gone from there.
 */
export class ArchiveService {
  constructor(
    private readonly deps: {
      archive: ArchiveRepository;
      sessions: ChatRepository;
      participants: ParticipantRepository;
      store: ArchiveStore;
      settings: { archive: { afterDays: number; batch: number } };
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  /** One run (the Cron Trigger's): finishes what an earlier run left, then archives what is due. */
  async run(): Promise<{ archived: number; finished: number; changed: number }> {
    const { archive, settings, clock } = this.deps;
    const now = clock();
    const cutoff = new Date(now.getTime() - settings.archive.afterDays * 86_400_000).toISOString();
    const tally = { archived: 0, finished: 0, changed: 0 };
    for (const id of await archive.unfinished(settings.archive.batch)) {
      const transcript = await this.stored(id);
      if (transcript && (await this.removeIfUnchanged(transcript.session))) tally.finished++;
      else tally.changed++;
    }
    for (const id of await archive.due(cutoff, settings.archive.batch)) {
      const transcript = await this.snapshot(id, now.toISOString());
      if (!transcript) continue;
      const key = objectKey(id);
      await this.deps.store.put(key, JSON.stringify(transcript));
      if (!(await archive.mark(transcript.session, key, transcript.archivedAt))) {
        tally.changed++; // written to or reopened since the snapshot: next run
        continue;
      }
      if (await this.removeIfUnchanged(transcript.session)) tally.archived++;
      else tally.changed++;
    }
    if (tally.archived || tally.finished || tally.changed) {
      this.deps.logger.info("archive run", { ...tally, cutoff });
    }
    return tally;
  }

  /** An archived session's newest page as a reader may see it; null when it is not archived. */
  async page(sessionId: string, limit: number, view: MessageView): Promise<SessionPage | null> {
    const found = await this.visible(sessionId, view);
    if (!found) return null;
    const { session, messages } = found;
    return {
      session,
      messages: messages.slice(-limit),
      hasOlderMessages: messages.length > limit,
      archived: true,
    };
  }

  /** Whether the session was moved to the archive. */
  async has(sessionId: string): Promise<boolean> {
    return (await this.deps.archive.find(sessionId)) !== null;
  }

  /** Who took part in an archived session; null when it is not archived. */
  async participants(sessionId: string): Promise<Participant[] | null> {
    return (await this.stored(sessionId))?.participants ?? null;
  }

  /** Everything about one session still in D1 (for an export). */
  live(sessionId: string): Promise<Transcript | null> {
    return this.snapshot(sessionId, this.deps.clock().toISOString());
  }

  /** A page of an archived session's messages, as GET /sessions/{id}/messages pages D1. */
  async messages(
    sessionId: string,
    cursor: MessageCursor,
    limit: number,
    view: MessageView,
  ): Promise<MessagePage | null> {
    const found = await this.visible(sessionId, view);
    if (!found) return null;
    const { session, messages } = found;
    const page =
      "afterSeq" in cursor
        ? messages.filter((m) => m.seq > cursor.afterSeq).slice(0, limit + 1)
        : messages.filter((m) => m.seq < cursor.beforeSeq).slice(-(limit + 1));
    const hasMore = page.length > limit;
    return {
      messages: "afterSeq" in cursor ? page.slice(0, limit) : page.slice(hasMore ? 1 : 0),
      hasMore,
      lastSeq: session.lastSeq,
    };
  }

  /** An archived session and the messages `view` may see (a customer: public ones only). */
  private async visible(sessionId: string, view: MessageView) {
    const transcript = await this.stored(sessionId);
    if (!transcript) return null;
    const { session, messages } = transcript;
    return {
      session,
      messages: messages.filter((m) => view === "all" || m.visibility === "public"),
    };
  }

  /** The transcript R2 holds for a session D1 marked archived. */
  async stored(sessionId: string): Promise<Transcript | null> {
    const record = await this.deps.archive.find(sessionId);
    if (!record) return null;
    const body = await this.deps.store.get(record.objectKey);
    return body ? parseTranscript(sessionId, body) : null;
  }

  private async removeIfUnchanged(session: ChatSession): Promise<boolean> {
    if (await this.deps.archive.remove(session)) return true;
    // Changed since it was written (or already gone): unmark it, so reads stay on D1 and the
    // next run archives it as it is then.
    if (await this.deps.sessions.findSessionOnly(session.id))
      await this.deps.archive.unmark(session.id);
    return false;
  }

  /** Everything about a session, read out of D1. */
  private async snapshot(sessionId: string, archivedAt: string): Promise<Transcript | null> {
    const { sessions, participants } = this.deps;
    const session = await sessions.findSessionOnly(sessionId);
    if (!session) return null;
    const messages: Message[] = [];
    for (;;) {
      const page = await sessions.listMessages(
        sessionId,
        { afterSeq: messages.at(-1)?.seq ?? 0 },
        PAGE,
      );
      if (!page) return null;
      messages.push(...page.messages);
      if (!page.hasMore) break;
    }
    // The messages were read in pages: the session as it was at the last one must be unchanged.
    if (messages.at(-1)?.seq !== session.lastSeq && messages.length) return null;
    return {
      format: 1,
      archivedAt,
      session,
      messages,
      participants: await participants.participants(sessionId),
    };
  }
}

const objectKey = (sessionId: string) => `sessions/${sessionId}.json`;
