// The knowledge base: written by admins and supervisors, searched with FTS5 and ranked by bm25,
// the index kept in step with the articles by triggers.
import { describe, expect, it } from "vitest";
import { act, agentToken, call, createSession, mint } from "../../helpers";

const admin = await mint({ role: "admin", subject: "ada" });

interface Article {
  id: string;
  title: string;
  published: boolean;
}

async function write(body: Record<string, unknown>, token = admin) {
  const answer = await act("/kb/articles", token, body);
  expect(answer.status).toBe(201);
  return answer.body as unknown as Article;
}

async function search(q: string, token = agentToken) {
  const response = await call(`/kb/search?q=${encodeURIComponent(q)}`, { token });
  expect(response.status).toBe(200);
  return (await response.json<{ articles: { id: string; title: string; score: number }[] }>())
    .articles;
}

const put = (id: string, body: Record<string, unknown>) =>
  call(`/kb/articles/${id}`, {
    method: "PUT",
    token: admin,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("articles", () => {
  it("are written by admins and supervisors only, and validated", async () => {
    const session = await createSession();
    const refused = await act("/kb/articles", session.customer_token.token, {
      title: "x",
      body: "y",
    });
    expect(refused.status).toBe(403);
    expect((await act("/kb/articles", agentToken, { title: "x", body: "y" })).status).toBe(403);
    const blank = await act("/kb/articles", admin, { title: "   ", body: "y" });
    expect(blank.status).toBe(400);
    const supervisor = await mint({ role: "supervisor", subject: "sue" });
    const article = await write({ title: "Gift wrapping", body: "We wrap gifts." }, supervisor);
    expect(article).toMatchObject({ title: "Gift wrapping", published: true, locale: "en" });
  });

  it("are found by their words, the title weighing most, best first", async () => {
    const titled = await write({
      title: "Refund policy zebrafish",
      body: "How refunds work: money back within 14 days.",
    });
    const mentioned = await write({
      title: "Shipping zebrafish",
      body: "Parcels ship in two days. For a refund see the refund policy.",
    });
    await write({ title: "Opening hours zebrafish", body: "We answer from nine to five." });
    const hits = await search("How do I get a refund?");
    expect(hits.map((h) => h.id)).toEqual([titled.id, mentioned.id]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 0);
  });

  it("stay searchable as they change: the index follows every update and delete", async () => {
    const article = await write({ title: "Warranty kumquat", body: "Two years on everything." });
    expect((await search("kumquat warranty")).map((h) => h.id)).toEqual([article.id]);

    const renamed = await put(article.id, { title: "Guarantee kumquat", body: "Two years." });
    expect(renamed.status).toBe(200);
    expect(await search("warranty")).toEqual([]);
    expect((await search("guarantee")).map((h) => h.id)).toEqual([article.id]);

    // Unpublished: gone from search, still there for admins, not for customers.
    expect(
      (await put(article.id, { title: "Guarantee kumquat", body: "x", published: false })).status,
    ).toBe(200);
    expect(await search("guarantee")).toEqual([]);
    expect((await call(`/kb/articles/${article.id}`, { token: admin })).status).toBe(200);
    const session = await createSession();
    const hidden = await call(`/kb/articles/${article.id}`, {
      token: session.customer_token.token,
    });
    expect(hidden.status).toBe(404);

    expect(
      (await call(`/kb/articles/${article.id}`, { method: "DELETE", token: admin })).status,
    ).toBe(204);
    expect((await call(`/kb/articles/${article.id}`, { token: admin })).status).toBe(404);
    expect(
      (await call(`/kb/articles/${article.id}`, { method: "DELETE", token: admin })).status,
    ).toBe(404);
  });

  it("are searched by customers in a chat too, and no query is FTS5 syntax", async () => {
    await write({ title: "Password reset quokka", body: "Use the link on the sign-in page." });
    const session = await createSession();
    const hits = await search("quokka", session.customer_token.token);
    expect(hits.map((h) => h.title)).toEqual(["Password reset quokka"]);
    for (const q of ['"', "quokka*", "NEAR(quokka reset)", "quokka OR", "-quokka", "^", "()"]) {
      const response = await call(`/kb/search?q=${encodeURIComponent(q)}`, { token: agentToken });
      expect(response.status, q).toBe(200);
    }
    expect((await call("/kb/search?q=quokka", { token: null })).status).toBe(401);
  });

  it("are found by words written with an apostrophe inside, as their text writes them", async () => {
    await write({
      title: "Horaires d'ouverture",
      body: "Ouvert aujourd'hui jusqu'à 18 h, sur la presqu'île.",
      locale: "fr",
    });
    for (const q of ["aujourd'hui", "presqu’île", "l'ouverture"]) {
      expect(
        (await search(q)).map((h) => h.title),
        q,
      ).toEqual(["Horaires d'ouverture"]);
    }
  });

  it("are listed for admins in pages", async () => {
    for (const n of [1, 2, 3]) await write({ title: `Listed ${n}`, body: "body" });
    const first = await call("/kb/articles?limit=2", { token: admin });
    const page = await first.json<{ articles: Article[]; next_cursor: string | null }>();
    expect(page.articles).toHaveLength(2);
    expect(page.next_cursor).toBe(page.articles[1]?.id);
    const rest = await call(`/kb/articles?limit=100&cursor=${page.next_cursor}`, { token: admin });
    const second = await rest.json<{ articles: Article[]; next_cursor: string | null }>();
    expect(second.articles.map((a) => a.id)).not.toContain(page.articles[0]?.id);
    expect(second.next_cursor).toBeNull();
    expect((await call("/kb/articles", { token: agentToken })).status).toBe(403);
  });
});
