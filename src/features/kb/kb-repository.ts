import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { kbArticles } from "../../core/db/schema";
import {
  compileNamed,
  guard,
  p,
  prepared,
  type Row,
  runNamed,
  runOne,
} from "../../platform/db/statements";

export interface Article {
  id: string;
  title: string;
  body: string;
  tags: string[];
  /** Ways customers ask for it ("money back"), searched with the title. */
  phrasings: string[];
  locale: string;
  published: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleHit {
  article: Article;
  /** Relevance, higher is better: bm25 negated (title and phrasings weigh 5, tags 2, body 1). */
  score: number;
  /** The best-matching part of the body. */
  excerpt: string;
}

/** The FTS5 index's columns: title, body, tags, phrasings (see drizzle/0016_retrieval.sql). */
export const BODY_COLUMN = 1;
/** bm25's weights of those columns: title and phrasings 5, tags 2, body 1. */
export const BM25_WEIGHTS = "5.0, 1.0, 2.0, 5.0";

function buildQueries(db: DrizzleD1Database) {
  const byId = eq(kbArticles.id, p("id"));
  const fields = {
    title: sql`${p("title")}`,
    body: sql`${p("body")}`,
    tags: sql`${p("tags")}`,
    phrasings: sql`${p("phrasings")}`,
    locale: sql`${p("locale")}`,
    published: sql`${p("published")}`,
    updatedAt: sql`${p("timestamp")}`,
  };
  return {
    insert: db
      .insert(kbArticles)
      .values({
        id: p("id"),
        title: p("title"),
        body: p("body"),
        tags: p("tags"),
        phrasings: p("phrasings"),
        locale: p("locale"),
        published: p("published"),
        createdAt: p("timestamp"),
        updatedAt: p("timestamp"),
      })
      .toSQL(),
    update: compileNamed({
      update: db.update(kbArticles).set(fields).where(byId),
      article: db.select().from(kbArticles).where(byId),
    }),
    remove: db.delete(kbArticles).where(byId).returning({ id: kbArticles.id }).toSQL(),
    byId: db.select().from(kbArticles).where(byId).toSQL(),
    // The hybrid retrieval's vector matches, in one statement (ids: a JSON array).
    publishedByIds: db
      .select()
      .from(kbArticles)
      .where(
        and(
          sql`${kbArticles.id} in (select value from json_each(${p("ids")}))`,
          eq(kbArticles.published, true),
        ),
      )
      .toSQL(),
    list: db
      .select()
      .from(kbArticles)
      .where(gt(kbArticles.id, p("after")))
      .orderBy(asc(kbArticles.id))
      .limit(p("limit"))
      .toSQL(),
    // FTS5 is outside drizzle's schema: the index joined back to its articles by rowid.
    search: {
      sql: `select a.*, -bm25(kb_articles_fts, ${BM25_WEIGHTS}) as score,
          snippet(kb_articles_fts, ${BODY_COLUMN}, '', '', '…', 32) as excerpt
        from kb_articles_fts join kb_articles a on a.rowid = kb_articles_fts.rowid
        where kb_articles_fts match ?1 and a.published = 1
        order by bm25(kb_articles_fts, ${BM25_WEIGHTS}) limit ?2`,
      params: [sql.placeholder("query"), sql.placeholder("limit")],
    },
  };
}

/** Knowledge-base articles in D1, searched with SQLite FTS5 and ranked by bm25. */
export class KnowledgeRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  async create(article: Article): Promise<void> {
    await runOne(this.d1, this.statements.insert.bind(values(article)));
  }

  /** Replaces an article's fields; null when there is no such article. */
  async update(article: Omit<Article, "createdAt">): Promise<Article | null> {
    const bound = values({ ...article, createdAt: article.updatedAt });
    const result = await runNamed(this.d1, this.statements.update, bound);
    const row = result.article.rows[0];
    return row ? toArticle(row) : null;
  }

  /** Whether there was such an article to remove. */
  async remove(id: string): Promise<boolean> {
    const removed = await runOne(this.d1, this.statements.remove.bind({ id }));
    return removed.rows.length > 0;
  }

  async get(id: string): Promise<Article | null> {
    const { rows } = await runOne(this.d1, this.statements.byId.bind({ id }));
    return rows[0] ? toArticle(rows[0]) : null;
  }

  /** The published articles among `ids`, in no particular order. */
  async publishedByIds(ids: string[]): Promise<Article[]> {
    if (!ids.length) return [];
    const { rows } = await runOne(
      this.d1,
      this.statements.publishedByIds.bind({ ids: JSON.stringify(ids) }),
    );
    return rows.map(toArticle);
  }

  /** Every article, in id order, `limit` at a time after `after`. */
  async list(after: string, limit: number): Promise<Article[]> {
    const { rows } = await runOne(this.d1, this.statements.list.bind({ after, limit }));
    return rows.map(toArticle);
  }

  /** Published articles matching an FTS5 query, best first. */
  async search(query: string, limit: number): Promise<ArticleHit[]> {
    const rows = await guard(async () => {
      const { results } = await this.statements.search.bind({ query, limit }).all<Row>();
      return results;
    });
    return rows.map((row) => ({
      article: toArticle(row),
      score: Number(row.score),
      excerpt: String(row.excerpt),
    }));
  }
}

function values(article: Article) {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    tags: JSON.stringify(article.tags),
    phrasings: JSON.stringify(article.phrasings),
    locale: article.locale,
    published: article.published ? 1 : 0,
    timestamp: article.updatedAt,
  };
}

export function toArticle(row: Row): Article {
  return {
    id: row.id as string,
    title: row.title as string,
    body: row.body as string,
    tags: JSON.parse(row.tags as string) as string[],
    phrasings: JSON.parse((row.phrasings as string | undefined) ?? "[]") as string[],
    locale: row.locale as string,
    published: Boolean(row.published),
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}
