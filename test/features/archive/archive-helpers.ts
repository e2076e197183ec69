import { ChatRepository } from "../../../src/core/db/chat-repository";
import { ParticipantRepository } from "../../../src/core/db/participant-repository";
import { ArchiveRepository } from "../../../src/features/archive/archive-repository";
import { ArchiveService, type ArchiveStore } from "../../../src/features/archive/archive-service";
import { r2Archive } from "../../../src/features/archive/archive-store";
import { createLogger } from "../../../src/platform/logger";
import { config, env } from "../../helpers";

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
