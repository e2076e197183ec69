import { type AccessPolicy, type Actor, authorizeUser, can, viewOf } from "../../core/access";
import { ForbiddenError, ValidationError } from "../../platform/errors";
import type { LabelRef } from "../labels";
import type { TeamRepository } from "../routing";
import type { QueueFilter, QueueRepository, QueueRow, QueueSort } from "./queue-repository";

export interface QueuePage {
  rows: (QueueRow & { labels: LabelRef[] })[];
  nextCursor: string | null;
}

/**
 * The queue as agents see it, listed in pages: an agent lists what they work on (their teams'
 * sessions, those in no team, those they hold), as their live queues show them; supervisors and
 * admins list every team's.
 */
export class QueueService {
  constructor(
    private readonly queue: QueueRepository,
    private readonly teams: Pick<TeamRepository, "teamsOf">,
    private readonly settings: AccessPolicy,
    private readonly labels: { ofSessions(ids: string[]): Promise<Map<string, LabelRef[]>> },
  ) {}

  /** Filtered, sorted, in pages with an opaque cursor; `assignee: "me"` is the caller. */
  async list(
    actor: Actor,
    filter: QueueFilter,
    sort: QueueSort,
    cursor: string | undefined,
    limit: number,
  ): Promise<QueuePage> {
    const user = authorizeUser(actor, "session:list", this.settings);
    const everything = can(actor, "session:list-all");
    if (!everything && filter.team && filter.team !== "none") {
      const teams = await this.teams.teamsOf(user.subject);
      if (!teams.includes(filter.team)) {
        throw new ForbiddenError(
          `Only members of team ${filter.team} (and supervisors) list its sessions.`,
        );
      }
    }
    const workedBy = everything ? undefined : user.subject;
    const assignee = filter.assignee === "me" ? user.subject : filter.assignee;
    const after = cursor ? decodeCursor(cursor, sort) : null;
    const { rows, hasMore } = await this.queue.list(
      { ...filter, assignee, workedBy },
      sort,
      after,
      limit,
      user.subject,
      viewOf(actor),
    );
    const last = rows.at(-1);
    const labels = await this.labels.ofSessions(rows.map((row) => row.session.id));
    return {
      rows: rows.map((row) => ({ ...row, labels: labels.get(row.session.id) ?? [] })),
      nextCursor: hasMore && last ? encodeCursor(sort, last) : null,
    };
  }
}

function encodeCursor(sort: QueueSort, row: QueueRow): string {
  return btoa(JSON.stringify({ s: sort, k: row.sortKey, i: row.session.id }))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function decodeCursor(cursor: string, sort: QueueSort): { key: string; id: string } {
  try {
    const json = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (json.s === sort && typeof json.k === "string" && typeof json.i === "string") {
      return { key: json.k, id: json.i };
    }
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid for this listing.", [
    { path: "query.cursor", message: "is not a cursor of this listing; start from the first page" },
  ]);
}
