// The label filter and the labels of a page of sessions find their rows through indexes, so a busy
// desk's label costs no more to list than a quiet one's.
import { describe, expect, it } from "vitest";
import { LabelRepository } from "../../../src/features/labels";
import { QueueRepository } from "../../../src/features/workflow";
import { env } from "../../helpers";

async function planOf({ sql, params }: { sql: string; params: unknown[] }): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params.map(() => null))
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

const label = "00000000-0000-4000-8000-000000000000";

describe("query plans of labels", () => {
  it.each(["waiting", "activity"] as const)(
    "the queue filtered by label (%s) reads session_labels and chat_sessions by index, scanning neither",
    async (sort) => {
      const query = new QueueRepository(env.DB).query({ label }, sort, null, 50, "viewer", "all");
      const plan = await planOf(query.toSQL());
      expect(
        plan.some((s) =>
          /SEARCH session_labels USING COVERING INDEX session_labels_label_idx \(label_id=\?\)/.test(
            s,
          ),
        ),
      ).toBe(true);
      expect(
        plan.some((s) =>
          /SEARCH chat_sessions USING INDEX sqlite_autoindex_chat_sessions_1 \(id=\?\)/.test(s),
        ),
      ).toBe(true);
      expect(plan.filter((s) => /^SCAN (chat_sessions|session_labels)\b/.test(s))).toEqual([]);
    },
  );

  it("a page's labels are read by its sessions' keys", async () => {
    const query = new LabelRepository(env.DB).labelsOf(["a", "b", "c"]);
    const plan = await planOf(query.toSQL());
    expect(
      plan.some((s) =>
        /SEARCH session_labels USING (COVERING )?INDEX sqlite_autoindex_session_labels_1 \(session_id=\?\)/.test(
          s,
        ),
      ),
    ).toBe(true);
    expect(plan.filter((s) => /^SCAN /.test(s))).toEqual([]);
  });
});
