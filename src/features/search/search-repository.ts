import type { ChatSession, MessageAuthor, Visibility } from "../../core/chat";
import { toSession } from "../../core/db/rows";
import type { SessionStatus } from "../../core/lifecycle";
import { guard, type Row } from "../../platform/db/statements";
import { SEARCH_MESSAGES, SEARCH_PARAMS } from "./search-sql";
import { type SnippetPart, snippetParts } from "./snippet";

/** What a search is narrowed to; each field left out does not narrow it. */
export interface SearchFilter {
  status?: SessionStatus;
  /** A team's id, or "none" for sessions in no team. */
  team?: string;
  /** An agent's id, or "none" for unassigned sessions. */
  assignee?: string;
  /** A label's id: only sessions carrying it. */
  label?: string;
  /** The customer's id (their token's subject). */
  customer?: string;
  /** Messages written at or after `from` and before `to` (RFC 3339 UTC with milliseconds). */
  from?: string;
  to?: string;
}

/** Whose search it is: what it may reach. */
export interface SearchScope {
  /** Only what this agent works on (their teams, no team, what they hold); null: every session. */
  workedBy: string | null;
  /** Whether internal notes are left out. */
  publicOnly: boolean;
}

export interface SearchHit {
  message: {
    id: string;
    seq: number;
    timestamp: string;
    authorType: MessageAuthor;
    authorName: string | null;
    visibility: Visibility;
  };
  session: ChatSession;
  snippet: SnippetPart[];
}

/** Messages found by their words through chat_messages_fts, best first. */
export class SearchRepository {
  private readonly statement: D1PreparedStatement;

  constructor(private readonly d1: D1Database) {
    this.statement = d1.prepare(SEARCH_MESSAGES);
  }

  /** `limit` hits from `offset` on, ranked by bm25 (ties: the newest message first). */
  async search(
    query: string,
    filter: SearchFilter,
    scope: SearchScope,
    offset: number,
    limit: number,
  ): Promise<SearchHit[]> {
    const values: Record<(typeof SEARCH_PARAMS)[number], string | number | null> = {
      query,
      publicOnly: scope.publicOnly ? 1 : 0,
      workedBy: scope.workedBy,
      status: filter.status ?? null,
      team: filter.team && filter.team !== "none" ? filter.team : null,
      teamNone: filter.team === "none" ? 1 : 0,
      assignee: filter.assignee && filter.assignee !== "none" ? filter.assignee : null,
      assigneeNone: filter.assignee === "none" ? 1 : 0,
      label: filter.label?.toLowerCase() ?? null,
      customer: filter.customer ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      limit,
      offset,
    };
    const bound = this.statement.bind(...SEARCH_PARAMS.map((name) => values[name]));
    // A batch of one, as every query is: the meter and the request's D1 session see batches.
    const [result] = await guard(() => this.d1.batch<Row>([bound]));
    return (result?.results ?? []).map(toHit);
  }
}

function toHit(row: Row): SearchHit {
  return {
    message: {
      id: row.hit_id as string,
      seq: row.hit_seq as number,
      timestamp: row.hit_timestamp as string,
      authorType: row.hit_author_type as MessageAuthor,
      authorName: row.hit_author_name as string | null,
      visibility: row.hit_visibility as Visibility,
    },
    session: toSession(row),
    snippet: snippetParts(row.hit_snippet as string),
  };
}
