// The search statement's plan: the index hands out the matches newest first (no sort), each joins
// its session and message by key, nothing is read whole; the one sort ranks the capped matches, and
// the index is queried once: the page's snippets come with the matches, not from a second lookup of
// each hit (which ran a prefix query again for every row of the page).
import { describe, expect, it } from "vitest";
import { MAX_LIMIT, MAX_OFFSET } from "../../../src/features/search/schemas";
import {
  RANKED_MATCHES,
  SEARCH_MESSAGES,
  SEARCH_PARAMS,
} from "../../../src/features/search/search-sql";
import { env } from "../../helpers";

describe("the search's query plan", () => {
  it("starts from the full-text index and reaches every row by its key", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${SEARCH_MESSAGES}`)
      .bind(...SEARCH_PARAMS.map(() => null))
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail);
    const fts = plan.filter((step) => /VIRTUAL TABLE/.test(step));
    expect(fts).toHaveLength(1);
    expect(plan.filter((step) => /^SCAN /.test(step)).sort()).toEqual(
      [...fts, "SCAN matches", "SCAN page"].sort(),
    );
    // Each match (and each of the page's hits) finds its session by the rowid in its key's high
    // bits, and its message by (session_id, seq).
    expect(
      plan.filter((step) => step === "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"),
    ).toHaveLength(2);
    expect(
      plan.filter((step) => step === "SEARCH m USING PRIMARY KEY (session_id=? AND seq=?)"),
    ).toHaveLength(2);
    for (const step of plan.filter((s) => /^SEARCH /.test(s))) {
      expect(step).toMatch(/USING (INTEGER PRIMARY KEY|(COVERING )?INDEX|PRIMARY KEY)/);
      expect(step).not.toMatch(/AUTOMATIC/);
    }
    expect(plan.filter((step) => /TEMP B-TREE/.test(step))).toEqual([
      "USE TEMP B-TREE FOR ORDER BY",
    ]);
    // Between the index and the ranking: no sort of every match.
    const ranking = plan.indexOf("USE TEMP B-TREE FOR ORDER BY");
    expect(plan.indexOf(fts[0] ?? "")).toBeLessThan(ranking);
  });

  it("pages no further than the matches it ranks", () => {
    expect(MAX_OFFSET + MAX_LIMIT).toBeLessThanOrEqual(RANKED_MATCHES);
  });
});
