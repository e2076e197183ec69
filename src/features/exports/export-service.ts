import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import type { AnalyticsService } from "../analytics";
import { presentSummary } from "../analytics";
import type { QueueFilter, QueueService, QueueSort } from "../workflow";
import { csvTable } from "./csv";
import { ANALYTICS_HEADER, analyticsRows, SESSION_HEADER, sessionRow } from "./rows";

/** Rows one CSV of sessions holds at most; the next file goes on from its cursor. */
export const EXPORT_ROWS = 5_000;
/** Rows read from D1 at once (each page one query, and one for its labels per 90 sessions). */
const READ_ROWS = 500;

/** The session list and the analytics as CSV, for supervisors and admins. */
export class ExportService {
  constructor(
    private readonly deps: {
      queue: QueueService;
      analytics: AnalyticsService;
      settings: AccessPolicy;
      /** Rows a file holds, and rows read at once (tests make them small). */
      rows?: { perFile: number; perRead: number };
    },
  ) {}

  /** Up to EXPORT_ROWS sessions of the list, filtered and sorted as GET /sessions. */
  async sessions(
    actor: Actor,
    filter: QueueFilter,
    sort: QueueSort,
    cursor: string | undefined,
  ): Promise<{ csv: string; nextCursor: string | null }> {
    authorizeUser(actor, "desk:export", this.deps.settings);
    const { perFile, perRead } = this.deps.rows ?? { perFile: EXPORT_ROWS, perRead: READ_ROWS };
    const rows = [];
    let next = cursor;
    do {
      const page = await this.deps.queue.list(
        actor,
        filter,
        sort,
        next,
        Math.min(perRead, perFile - rows.length),
      );
      rows.push(...page.rows.map(sessionRow));
      next = page.nextCursor ?? undefined;
    } while (next && rows.length < perFile);
    return { csv: csvTable(SESSION_HEADER, rows), nextCursor: next ?? null };
  }

  /** The analytics over [from, to), one row per scope: the desk, each agent, team and label. */
  async analytics(actor: Actor, from: string, to: string): Promise<string> {
    authorizeUser(actor, "desk:export", this.deps.settings);
    const summary = presentSummary(from, to, await this.deps.analytics.summary(actor, from, to));
    return csvTable(ANALYTICS_HEADER, analyticsRows(summary));
  }
}
