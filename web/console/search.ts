import type { InferRequestType, InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import { problemText, UNREACHED_READ } from "./problem";

// Search across conversations, without any view: a page of results for what the agent asked, or what
// the service said was wrong, in words.

type Search = RestClient["search"]["messages"]["$get"];
export type SearchQuery = InferRequestType<Search>["query"];
export type SearchPage = InferResponseType<Search, 200>;
export type SearchHit = SearchPage["results"][number];

/** The filters of the form, as the agent set them (empty: any). */
export interface SearchForm {
  q: string;
  status: string;
  team: string;
  label: string;
  assignee: string;
  from: string;
  to: string;
}

export const EMPTY_FORM: SearchForm = {
  q: "",
  status: "",
  team: "",
  label: "",
  assignee: "",
  from: "",
  to: "",
};

export const PAGE_SIZE = 20;

/** The query for `form` at `offset`: days are the agent's own (from the start of `from` to the end of `to`). */
function queryOf(form: SearchForm, offset: number): SearchQuery {
  const day = (date: string, next = 0) => {
    const at = new Date(`${date}T00:00:00`);
    at.setDate(at.getDate() + next);
    return at.toISOString();
  };
  return {
    q: form.q,
    limit: String(PAGE_SIZE),
    offset: String(offset),
    ...(form.status && { status: form.status as SearchQuery["status"] }),
    ...(form.team && { team: form.team }),
    ...(form.label && { label: form.label }),
    ...(form.assignee && { assignee: form.assignee }),
    ...(form.from && { from: day(form.from) }),
    ...(form.to && { to: day(form.to, 1) }),
  };
}

export async function searchMessages(
  api: RestClient,
  form: SearchForm,
  offset: number,
): Promise<{ page: SearchPage } | { problem: string }> {
  const response = await api.search.messages
    .$get({ query: queryOf(form, offset) })
    .catch(() => null);
  if (!response) return { problem: UNREACHED_READ };
  if (response.status !== 200) return { problem: await problemText(response) };
  return { page: (await response.json()) as SearchPage };
}
