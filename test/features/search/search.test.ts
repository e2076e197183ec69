// GET /search/messages: words, ranking, highlighting, filters, paging, bad input.
import { describe, expect, it } from "vitest";
import { act, agentToken, call, createSession, postJson, supervisorToken } from "../../helpers";
import { marked, search, word } from "./search-helpers";

const say = async (sessionId: string, content: string, token?: string) => {
  const response = await postJson(`/sessions/${sessionId}/messages`, { content }, { token });
  expect(response.status).toBe(201);
};

describe("searching conversations", () => {
  it("finds every word in any form, best match first, the newest first among equals", async () => {
    const [a, b, c] = [word(), word(), word()];
    const s1 = await createSession();
    const s2 = await createSession();
    await say(s1.id, `${a} once, then something else entirely about a parcel and ${b}`);
    await say(s2.id, `${a} ${a} ${a} ${b}`);
    await say(s2.id, `${a} without the other word`);
    await say(s1.id, `${a} ${c}`);

    const both = await search({ q: `${a} ${b}` }, agentToken);
    // Every word must be there: the two messages with both, the denser one first.
    expect(both.results.map((hit) => hit.session.id)).toEqual([s2.id, s1.id]);
    expect(both.results[0]?.message).toMatchObject({ author_type: "customer", seq: 2 });

    // Forms of a word: "parcels" finds "parcel" (porter stemming).
    const forms = await search({ q: `parcels ${b}` }, agentToken);
    expect(forms.results.map((hit) => hit.session.id)).toEqual([s1.id]);

    // The last word is also the start of a longer one, as it is typed.
    const typing = await search({ q: `${c.slice(0, 5)}` }, agentToken);
    expect(typing.results.map((hit) => hit.message.seq)).toEqual([3]);
    // Not once it is finished (a space after it).
    expect((await search({ q: `${c.slice(0, 5)} ` }, agentToken)).results).toEqual([]);

    // Equal scores: the newest message first.
    const [x, y] = [await createSession(), await createSession()];
    const same = word();
    await say(x.id, `${same} twin`);
    await say(y.id, `${same} twin`);
    const twins = await search({ q: same }, agentToken);
    expect(twins.results.map((hit) => hit.session.id)).toEqual([y.id, x.id]);
  });

  it("marks the matching words in a snippet of plain text", async () => {
    const w = word();
    const session = await createSession();
    const long = `${"lorem ipsum dolor ".repeat(30)}<b>${w}</b> & <script>alert(1)</script> ${"sit amet ".repeat(30)}`;
    await say(session.id, long);
    const [hit] = (await search({ q: w }, agentToken)).results;
    if (!hit) throw new Error("no hit");
    const text = marked(hit);
    expect(text).toContain(`<b>[${w}]</b> & <script>alert(1)</script>`);
    // Cut around the match, with the cuts shown; no marks of the database's left in the text.
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text.length).toBeLessThan(long.length);
    expect(hit.snippet.filter((part) => part.match)).toEqual([{ text: w, match: true }]);
    expect([...text].filter((c) => c < " ")).toEqual([]);
  });

  it("filters by status, team, assignee, customer and time", async () => {
    const w = word();
    const open = await createSession();
    const held = await createSession();
    await say(open.id, `${w} open one`);
    await say(held.id, `${w} held one`);
    expect(
      (await act(`/sessions/${held.id}/assign`, supervisorToken, { agent_id: "agent-alice" }))
        .status,
    ).toBe(200);
    const ids = async (query: Record<string, string>) =>
      (await search({ q: w, ...query }, agentToken)).results.map((hit) => hit.session.id);

    expect(await ids({ status: "assigned" })).toEqual([held.id]);
    expect(await ids({ assignee: "me" })).toEqual([held.id]);
    expect(await ids({ assignee: "agent-alice" })).toEqual([held.id]);
    expect(await ids({ assignee: "none" })).toEqual([open.id]);
    expect(await ids({ team: "none" })).toHaveLength(2);
    expect(await ids({ customer: open.customer?.id ?? "" })).toEqual([open.id]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await ids({ from: future })).toEqual([]);
    expect(await ids({ to: future })).toHaveLength(2);
    expect(await ids({ from: "2020-01-01T00:00:00+02:00", to: "2020-02-01T00:00:00Z" })).toEqual(
      [],
    );
  });

  it("filters by label: only the sessions carrying it, the id in any case", async () => {
    const w = word();
    const tagged = await createSession();
    const other = await createSession();
    await say(tagged.id, `${w} tagged one`);
    await say(other.id, `${w} other one`);
    const label = await act("/labels", supervisorToken, { name: `vip ${w}`, colour: "#0f766e" });
    expect(label.status).toBe(201);
    const labelId = label.body.id as string;
    const put = await call(`/sessions/${tagged.id}/labels/${labelId}`, {
      method: "PUT",
      token: supervisorToken,
    });
    expect(put.status).toBe(200);
    const ids = async (query: Record<string, string>) =>
      (await search({ q: w, ...query }, agentToken)).results.map((hit) => hit.session.id);

    expect(await ids({ label: labelId })).toEqual([tagged.id]);
    expect(await ids({ label: labelId.toUpperCase() })).toEqual([tagged.id]);
    expect(await ids({ label: crypto.randomUUID() })).toEqual([]);
    expect(await ids({})).toHaveLength(2);
    const bad = await call(`/search/messages?q=${w}&label=vip`, { token: agentToken });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });

  it("pages by offset until the last page", async () => {
    const w = word();
    const session = await createSession();
    for (let i = 0; i < 5; i++) await say(session.id, `${w} number ${i}`);
    const first = await search({ q: w, limit: "2" }, agentToken);
    expect(first).toMatchObject({ has_more: true, next_offset: 2 });
    const second = await search({ q: w, limit: "2", offset: "2" }, agentToken);
    const third = await search({ q: w, limit: "2", offset: "4" }, agentToken);
    expect(third).toMatchObject({ has_more: false, next_offset: null });
    const seen = [...first.results, ...second.results, ...third.results].map((h) => h.message.seq);
    expect(seen.sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it("says archived sessions are not searched", async () => {
    const results = await search({ q: word() }, agentToken);
    expect(results.archived).toEqual({ searchable: false, after_days: expect.any(Number) });
  });

  it.each([
    ["no words", "q=%20%21%3F"],
    ["no q", ""],
    ["a long q", `q=${"a".repeat(201)}`],
    ["an unknown status", "q=x&status=gone"],
    ["a limit too big", "q=x&limit=51"],
    ["an offset too far", "q=x&offset=251"],
    ["a bad time", "q=x&from=yesterday"],
    [
      "a period that ends before it starts",
      "q=x&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z",
    ],
  ])("refuses %s with a problem", async (_, query) => {
    const response = await call(`/search/messages?${query}`, { token: agentToken });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("takes FTS5's syntax as words", async () => {
    const w = word();
    const session = await createSession();
    await say(session.id, `${w} NEAR OR AND NOT content`);
    for (const q of [`${w} OR`, `"${w}`, `${w}*`, `content:${w}`, `(${w}`, `${w} NOT`, `-${w}^`]) {
      const results = await search({ q }, agentToken);
      expect(
        results.results.map((hit) => hit.session.id),
        q,
      ).toEqual([session.id]);
    }
  });
});
