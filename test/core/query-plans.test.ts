// Every query of a chat request finds its rows through an index, so no request costs more as a
// session (or the database) grows: SQLite's own plan for each, on the migrated local D1.
import { describe, expect, it } from "vitest";
import { chatQueries } from "../../src/core/db/chat-sql";
import { participantQueries } from "../../src/core/db/participant-repository";
import { contactQueries } from "../../src/features/customers/contact-sql";
import { assignmentQueries } from "../../src/features/routing/routing-sql";
import { QueueRepository } from "../../src/features/workflow";
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
  // An agent naming a contact names their sessions and their place in them, found the same way.
  ...flatten(compiled(env.DB, contactQueries).update, "contactUpdate").filter(([name]) =>
    /^contactUpdate\.(sessions|participants)$/.test(name),
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

  // A list's preview (the newest message someone wrote: src/core/db/preview-sql.ts) is a correlated
  // subquery per row. Its filter (not the service's own lines) is on columns outside the key, so it
  // must walk the key (session_id, seq) backwards and stop at the first message that qualifies: a
  // max() over the filter would read the whole session. The lists themselves sort their page (the
  // queue by its key, a customer's sessions by activity): only that sort is theirs.
  const lists: [string, CompiledQuery][] = [
    ...(["waiting", "activity"] as const).flatMap((sort) =>
      (["all", "public"] as const).map((view): [string, CompiledQuery] => [
        `queue.${sort}.${view}`,
        new QueueRepository(env.DB).query({}, sort, null, 50, "viewer", view).toSQL(),
      ]),
    ),
    ["contact.sessions", compiled(env.DB, contactQueries).sessions],
  ];

  it.each(lists)(
    "%s previews through the messages' key, backwards, with no scan or sort",
    async (_, query) => {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .bind(...query.params.map(() => null))
        .all<{ id: number; parent: number; detail: string }>();
      const subquery = results.find((step) => /^CORRELATED SCALAR SUBQUERY/.test(step.detail));
      const inside = results.filter((step) => step.parent === subquery?.id).map((s) => s.detail);
      expect(inside).toHaveLength(1);
      expect(inside[0]).toMatch(/^SEARCH (chat_messages|m) USING PRIMARY KEY \(session_id=\?\)$/);
      const messages = results.filter((step) =>
        /^(SCAN|SEARCH) (chat_messages|m)\b/.test(step.detail),
      );
      for (const step of messages) expect(step.detail).toMatch(/USING PRIMARY KEY \(session_id=\?/);
      // The one sort is the page's own, at the top level.
      const sorts = results.filter((step) => /TEMP B-TREE/.test(step.detail));
      expect(sorts.every((step) => step.parent === 0)).toBe(true);
      // Its bytecode: no aggregate (a max() would read every message), and a walk backwards.
      const code = await env.DB.prepare(`EXPLAIN ${query.sql}`)
        .bind(...query.params.map(() => null))
        .all<{ opcode: string }>();
      const opcodes = code.results.map((op) => op.opcode);
      expect(opcodes).not.toContain("AggStep");
      expect(opcodes).toContain("Prev");
    },
  );
});
