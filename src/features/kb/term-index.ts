import { guard, type Row } from "../../platform/db/statements";
import { type Article, BM25_WEIGHTS, BODY_COLUMN, toArticle } from "./kb-repository";
import { likelyMeant, neighbourhood } from "./spelling";
import { searchTerm } from "./word-forms";

/** Where each searched word occurs: per word (with its synonyms), the published articles holding it. */
export interface TermMatches {
  /** How many published articles were searched (in the language asked for, or all). */
  articles: number;
  /** Per group of words, in the order asked: the articles holding any of them, and where. */
  matches: { id: string; strong: boolean }[][];
  /** The indexed words that misspelt words of the question were taken for. */
  meant: string[];
}

/** An article with the part of its body that best matches, and its bm25 (negated: higher is better). */
export interface ArticleText {
  article: Article;
  excerpt: string;
  bm25: number;
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
const VOCABULARY = `select term, doc from kb_articles_vocab
  where term >= ?1 and term < ?2 and length(term) between ?3 and ?4 limit 500`;
const TEXTS = `select a.*, snippet(kb_articles_fts, ${BODY_COLUMN}, '', '', '…', 32) as excerpt,
    -bm25(kb_articles_fts, ${BM25_WEIGHTS}) as bm25
  from kb_articles_fts join kb_articles a on a.rowid = kb_articles_fts.rowid
  where kb_articles_fts match ?1 and a.published = 1 and a.id in (select value from json_each(?2))`;

/**
 * The knowledge base's full-text index read word by word: what a relevance that does not depend on
 * the number of articles needs (how many articles hold each word, and which). One D1 round trip,
 * and a second for the words no article holds that look misspelt.
 */
export class ArticleTermIndex {
  constructor(private readonly d1: D1Database) {}

  async matches(groups: string[][], language: string | null): Promise<TermMatches> {
    const lookups = groups.map((words) => words[0] ?? "");
    const [count, ...rest] = await this.batch([
      this.d1.prepare(COUNT).bind(language),
      ...groups.map((words) => this.matching(words, language)),
      ...lookups.map((word) => {
        const near = neighbourhood(word);
        return this.d1.prepare(VOCABULARY).bind(near.from, near.to, near.shortest, near.longest);
      }),
    ]);
    const matches = rest.slice(0, groups.length).map(toMatches);
    const vocabularies = rest.slice(groups.length);
    const meant = matches.flatMap((found, i) => {
      if (found.length) return [];
      const vocabulary = (vocabularies[i] ?? []).map((r) => ({
        term: String(r.term),
        doc: Number(r.doc),
      }));
      const term = likelyMeant(lookups[i] ?? "", vocabulary);
      return term ? [{ group: i, term }] : [];
    });
    if (meant.length) {
      const corrected = await this.batch(meant.map(({ term }) => this.matching([term], language)));
      meant.forEach(({ group }, i) => {
        matches[group] = toMatches(corrected[i] ?? []);
      });
    }
    return {
      articles: Number(count?.[0]?.n ?? 0),
      matches,
      meant: meant.map(({ term }) => term),
    };
  }

  /** The articles `ids` with the part of each body that best matches `words`, in no order. */
  async texts(ids: string[], words: string[], language: string | null): Promise<ArticleText[]> {
    if (!ids.length || !words.length) return [];
    const query = anyOf(words, language);
    const [rows = []] = await this.batch([this.d1.prepare(TEXTS).bind(query, JSON.stringify(ids))]);
    return rows.map((row) => ({
      article: toArticle(row),
      excerpt: String(row.excerpt),
      bm25: Number(row.bm25),
    }));
  }

  private matching(words: string[], language: string | null) {
    return this.d1.prepare(MATCHES).bind(anyOf(words, language), language);
  }

  private async batch(statements: D1PreparedStatement[]): Promise<Row[][]> {
    const results = await guard(() => this.d1.batch<Row>(statements));
    return results.map((result) => result.results);
  }
}

/** An FTS5 query for any of `words`, each in any of its forms in `language` (word-forms.ts). */
const anyOf = (words: string[], language: string | null) =>
  words.map((word) => searchTerm(word, language)).join(" OR ");

function toMatches(rows: Row[]) {
  return rows.map((row) => ({ id: String(row.id), strong: Boolean(row.strong) }));
}
