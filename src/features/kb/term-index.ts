import { ftsTerm } from "../../core/search";
import { guard, type Row } from "../../platform/db/statements";
import { type Article, toArticle } from "./kb-repository";

/** Where each searched word occurs: per word (with its synonyms), the published articles holding it. */
export interface TermMatches {
  /** How many published articles were searched (in the language asked for, or all). */
  articles: number;
  /** Per group of words, in the order asked: the articles holding any of them, and where. */
  matches: { id: string; strong: boolean }[][];
}

/** The most articles one word is looked up in: a word in more is common enough to weigh little. */
const PER_TERM = 1_000;

/** Published articles in a language (its base: `de` covers de-AT), or all of them when it is null. */
const inLanguage = (param: string) =>
  `a.published = 1 and (${param} is null or a.locale = ${param} or a.locale like ${param} || '-%')`;

// The FTS5 index (outside drizzle's schema) joined back to its articles by rowid. bm25 with the body
// weighing nothing is below zero only where the word is in the title, the tags or the phrasings.
const MATCHES = `select a.id as id, bm25(kb_articles_fts, 1.0, 0.0, 1.0, 1.0) < 0 as strong
  from kb_articles_fts join kb_articles a on a.rowid = kb_articles_fts.rowid
  where kb_articles_fts match ?1 and ${inLanguage("?2")} limit ${PER_TERM}`;
const COUNT = `select count(*) as n from kb_articles a where ${inLanguage("?1")}`;
const HITS = `select a.*, snippet(kb_articles_fts, 1, '', '', '…', 32) as excerpt
  from kb_articles_fts join kb_articles a on a.rowid = kb_articles_fts.rowid
  where kb_articles_fts match ?1 and a.published = 1 and a.id in (select value from json_each(?2))`;

/**
 * The knowledge base's full-text index read word by word, in one D1 round trip: what a relevance
 * that does not depend on the number of articles needs (how many articles hold each word, and which).
 */
export class ArticleTermIndex {
  constructor(private readonly d1: D1Database) {}

  async matches(groups: string[][], language: string | null): Promise<TermMatches> {
    const statements = [
      this.d1.prepare(COUNT).bind(language),
      ...groups.map((words) =>
        this.d1.prepare(MATCHES).bind(words.map(ftsTerm).join(" OR "), language),
      ),
    ];
    const [count, ...perGroup] = await guard(() => this.d1.batch<Row>(statements));
    return {
      articles: Number(count?.results[0]?.n ?? 0),
      matches: perGroup.map((result) =>
        result.results.map((row) => ({ id: String(row.id), strong: Boolean(row.strong) })),
      ),
    };
  }

  /** The articles `ids` with the part of each body that best matches `words`, in no order. */
  async hits(ids: string[], words: string[]): Promise<{ article: Article; excerpt: string }[]> {
    if (!ids.length || !words.length) return [];
    const query = words.map(ftsTerm).join(" OR ");
    const rows = await guard(async () => {
      const { results } = await this.d1.prepare(HITS).bind(query, JSON.stringify(ids)).all<Row>();
      return results;
    });
    return rows.map((row) => ({ article: toArticle(row), excerpt: String(row.excerpt) }));
  }
}
