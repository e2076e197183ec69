// Every query of a chat request finds its rows through an index, so no request costs more as a
// session (or the database) grows: SQLite's own plan for each, on the migrated local D1.
import { describe, expect, it } from "vitest";
import { chatQueries } from "../../src/core/db/chat-sql";
import { participantQueries } from "../../src/core/db/participant-repository";
import { contactQueries } from "../../src/features/customers/contact-sql";
import { assignmentQueries } from "../../src/features/routing/routing-sql";
import { transitionQueries } from "../../src/features/workflow/lifecycle-sql";
import { type CompiledQuery, compiled } from "../../src/platform/db/statements";
import { env } from "../helpers";

/** Every compiled query of a (nested) record of them, with its name. */
function flatten(value: unknown, name = ""): [string, CompiledQuery][] {
  if (typeof value === "object" && value !== null && "sql" in value && "params" in value) {
    return [[name, value as CompiledQuery]];
  }
  return Object.entries(value as object).flatMap(([key, inner]) =>
    flatten(inner, name ? `${name}.${key}` : key),
  );
}

async function planOf({ sql, params }: CompiledQuery): Promise<string[]> {
  // The plan does not depend on the values; every parameter is bound as null.
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params.map(() => null))
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

const queries = [
  ...flatten(chatQueries(env.DB)).filter(([name]) => name !== "ping"),
  // Transitions find the messages they stored by the key (session_id, seq), as appends do.
  ...flatten(compiled(env.DB, transitionQueries), "transition"),
  // A session's participants, its customer among them before they have a row of their own.
  ...flatten(compiled(env.DB, participantQueries), "participant"),
  // Routing's first step walks the teams (a handful of rows) to pick one; the rest is held here.
  ...flatten(compiled(env.DB, assignmentQueries), "assignment").filter(
    ([name]) => !/^assignment\.route(Next)?\.steps\.0$/.test(name),
  ),
  // Participants have no index by participant: a signed-in customer's are found by their sessions.
  // (Its audit row is written from one constant row.)
  ...flatten(compiled(env.DB, contactQueries).merge, "merge").filter(
    ([name]) => name !== "merge.audit",
  ),
];

describe("query plans", () => {
  it("cover every statement of reading and writing chats", () => {
    const names = queries.map(([name]) => name);
    for (const name of ["sessionById", "newest.public", "after.all", "before.public"]) {
      expect(names).toContain(name);
    }
    // By view and client_message_id: 7 statements each, and a message with files claims them too.
    expect(names.filter((name) => /^append(WithClientId)?\./.test(name))).toHaveLength(4 * 7);
    expect(names.filter((name) => name.startsWith("appendWithFiles"))).toHaveLength(4 * 8);
  });

  it.each(queries)("%s reads through an index, with no scan and no sort", async (name, query) => {
    const plan = await planOf(query);
    // The one list a statement walks is the request's own: a message's file ids (json_each of a
    // parameter, at most ATTACHMENT_MAX_PER_MESSAGE), sorted in their order (a subquery).
    const ownList = (step: string) =>
      /^SCAN ((j|json_each) VIRTUAL TABLE|\(subquery-\d+\))/.test(step);
    // The waiting queue's index holds only waiting sessions: walking it reads the queue, as a search
    // by status once did (a claim ranks every waiting session it may take).
    const queue = (step: string) =>
      /^SCAN chat_sessions USING INDEX chat_sessions_waiting_idx$/.test(step);
    const reads = plan.filter(
      (step) => /^(SCAN|SEARCH) /.test(step) && !ownList(step) && !queue(step),
    );
    for (const step of reads) {
      // A table is found by its primary key or an index, never read whole (an EXISTS too).
      expect(step).toMatch(
        /^SEARCH \w+ (EXISTS )?USING (INTEGER PRIMARY KEY|(COVERING )?INDEX|PRIMARY KEY)/,
      );
    }
    const sorts = plan.filter((step) => /TEMP B-TREE/.test(step));
    // What is sorted is a list of the request's own, or one session's few participants by when they joined.
    const sortsOwn = plan.some(ownList) || name === "participant.participants";
    expect(sorts).toEqual(sortsOwn ? sorts.filter((s) => /ORDER BY/.test(s)) : []);
  });
});
