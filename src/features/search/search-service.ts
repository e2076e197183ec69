import { type AccessPolicy, type Actor, authorizeUser, can, viewOf } from "../../core/access";
import { toAllWordsQuery } from "../../core/search";
import { ForbiddenError, ValidationError } from "../../platform/errors";
import type { TeamRepository } from "../routing";
import type { SearchFilter, SearchHit, SearchRepository } from "./search-repository";

export interface SearchPage {
  hits: SearchHit[];
  /** Where the next page starts; null on the last page. */
  nextOffset: number | null;
}

/**
 * Search across conversations: an agent searches what they work on (their teams' sessions, those in
 * no team, those they hold), as their queue lists it; supervisors and admins search every session.
 * Staff read internal notes, so they find them too; customers never reach it.
 */
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly teams: Pick<TeamRepository, "teamsOf">,
    private readonly settings: AccessPolicy,
  ) {}

  /** The messages with every word of `words`, best first; `assignee: "me"` is the caller. */
  async search(
    actor: Actor,
    words: string,
    filter: SearchFilter,
    offset: number,
    limit: number,
  ): Promise<SearchPage> {
    const user = authorizeUser(actor, "conversation:search", this.settings);
    const query = toAllWordsQuery(words);
    if (!query) {
      throw new ValidationError("The search has no words.", [
        { path: "query.q", message: "must contain a letter or a digit" },
      ]);
    }
    const everything = can(actor, "session:list-all");
    if (!everything && filter.team && filter.team !== "none") {
      const teams = await this.teams.teamsOf(user.subject);
      if (!teams.includes(filter.team)) {
        throw new ForbiddenError(
          `Only members of team ${filter.team} (and supervisors) search its sessions.`,
        );
      }
    }
    const hits = await this.repository.search(
      query,
      { ...filter, assignee: filter.assignee === "me" ? user.subject : filter.assignee },
      { workedBy: everything ? null : user.subject, publicOnly: viewOf(actor) === "public" },
      offset,
      limit + 1,
    );
    return {
      hits: hits.slice(0, limit),
      nextOffset: hits.length > limit ? offset + limit : null,
    };
  }
}
