import { ArchiveRepository } from "../src/db/archive-repository";
import { r2Archive } from "../src/db/archive-store";
import { ChatRepository } from "../src/db/chat-repository";
import { ParticipantRepository } from "../src/db/participant-repository";
import { createLogger } from "../src/logger";
import { ArchiveService, type ArchiveStore } from "../src/services/archive-service";
import { config, env } from "./helpers";

/** A clock past every session's archive age. */
export const later = () => new Date(Date.now() + (config.archive.afterDays + 1) * 86_400_000);

/** The archive over this file's D1 and R2, its clock past every session's age (by default). */
export function archiver(
  overrides: { store?: ArchiveStore; archive?: ArchiveRepository; clock?: () => Date } = {},
) {
  return new ArchiveService({
    archive: overrides.archive ?? new ArchiveRepository(env.DB),
    sessions: new ChatRepository(env.DB),
    participants: new ParticipantRepository(env.DB),
    store: overrides.store ?? r2Archive(env.ARCHIVE),
    settings: { archive: { afterDays: config.archive.afterDays, batch: 500 } },
    clock: overrides.clock ?? later,
    logger: createLogger("error"),
  });
}
