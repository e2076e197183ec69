// The search statement's plan: the index finds the messages, each row joins by key, nothing is read
// whole; the one sort is of the matches, by rank (bm25 is known only once a message matched).
import { describe, expect, it } from "vitest";
import { SEARCH_MESSAGES, SEARCH_PARAMS } from "../../../src/features/search/search-sql";
import { env } from "../../helpers";

describe("the search's query plan", () => {
  it("starts from the full-text index and reaches every row by its key", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${SEARCH_MESSAGES}`)
      .bind(...SEARCH_PARAMS.map(() => null))
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail);
    expect(plan[0]).toMatch(/^SCAN f VIRTUAL TABLE INDEX/);
    expect(plan).toContain("SEARCH m USING INTEGER PRIMARY KEY (rowid=?)");
    expect(plan.filter((step) => /^SCAN /.test(step))).toEqual([plan[0]]);
    for (const step of plan.filter((s) => /^SEARCH /.test(s))) {
      expect(step).toMatch(/USING (INTEGER PRIMARY KEY|(COVERING )?INDEX|PRIMARY KEY)/);
    }
    expect(plan.filter((step) => /TEMP B-TREE/.test(step))).toEqual(["USE TEMP B-TREE FOR ORDER BY"]);
  });
});
