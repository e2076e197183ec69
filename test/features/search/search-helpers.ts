// Shared by the search suites: searching as someone, and words no other test writes.
import { expect } from "vitest";
import { call } from "../../helpers";

export interface Hit {
  message: { id: string; seq: number; visibility: string; author_type: string; timestamp: string };
  session: { id: string; status: string; team_id: string | null; customer: { id: string } | null };
  snippet: { text: string; match: boolean }[];
}
export interface Results {
  results: Hit[];
  has_more: boolean;
  next_offset: number | null;
  archived: { searchable: boolean; after_days: number };
}

/** A made-up word only this test writes (letters, so stemming leaves it alone). */
export const word = () =>
  `zq${[...crypto.getRandomValues(new Uint8Array(6))].map((b) => "bcdfghjklmnpqrstvwxz"[b % 20]).join("")}`;

/** Searches as `token` with `query` (q=...&...); expects a 200 and answers the results. */
export async function search(query: Record<string, string>, token: string): Promise<Results> {
  const response = await call(`/search/messages?${new URLSearchParams(query)}`, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Results>();
}

/** The snippet as text, with the matching words in [brackets]. */
export const marked = (hit: Hit) =>
  hit.snippet.map((part) => (part.match ? `[${part.text}]` : part.text)).join("");
