import { type AccessPolicy, type Actor, authorize, authorizeUser, can } from "../../core/access";
import { NotFoundError } from "../../platform/errors";
import { expandTerms, rankByCoverage, relevanceOf } from "./coverage";
import { DEFAULT_SYNONYMS } from "./default-synonyms";
import type { Article, ArticleHit, KnowledgeRepository } from "./kb-repository";
import { heldWords, phraseFit } from "./phrase-fit";
import { questionQuery, questionTerms } from "./stop-words";
import type { Synonym, SynonymRepository } from "./synonym-repository";
import type { ArticleTermIndex } from "./term-index";

export type ArticleInput = Pick<
  Article,
  "title" | "body" | "tags" | "phrasings" | "locale" | "published"
>;

/** An article found for a question, with how much of the question it covers (0..1). */
export interface RankedArticle {
  article: Article;
  excerpt: string;
  coverage: number;
  /** What the ranking orders by: coverage, ties broken by bm25 (see coverage.ts). */
  relevance: number;
}

/** What changed in the knowledge base: an article saved (as it is now), or one removed. */
export type ArticleChange = { kind: "saved"; article: Article } | { kind: "removed"; id: string };

const articleNotFound = (id: string) => new NotFoundError(`Article ${id} does not exist.`);
const termNotFound = (term: string) => new NotFoundError(`No synonyms for "${term}".`);

/**
 * The knowledge base: articles written by admins and supervisors, searched by anyone in a chat,
 * and the AI first responder's only source of answers; and the desk's synonym list.
 */
export class KnowledgeService {
  constructor(
    private readonly deps: {
      articles: KnowledgeRepository;
      terms: ArticleTermIndex;
      synonyms: SynonymRepository;
      settings: AccessPolicy & { maxPageSize: number };
      /** Told of every change after it is stored (the hybrid retrieval's vectors); never fails it. */
      onChange?: (change: ArticleChange) => Promise<void>;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  async create(actor: Actor, input: ArticleInput): Promise<Article> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    const now = this.deps.clock().toISOString();
    const article = { ...input, id: this.deps.newId(), createdAt: now, updatedAt: now };
    await this.deps.articles.create(article);
    await this.deps.onChange?.({ kind: "saved", article });
    return article;
  }

  async update(actor: Actor, id: string, input: ArticleInput): Promise<Article> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    const updatedAt = this.deps.clock().toISOString();
    const article = await this.deps.articles.update({ ...input, id, updatedAt });
    if (!article) throw articleNotFound(id);
    await this.deps.onChange?.({ kind: "saved", article });
    return article;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    if (!(await this.deps.articles.remove(id))) throw articleNotFound(id);
    await this.deps.onChange?.({ kind: "removed", id });
  }

  /** Every article for those who manage them; a published one for anyone who may search. */
  async get(actor: Actor, id: string): Promise<Article> {
    authorize(actor, "kb:search", this.deps.settings);
    const article = await this.deps.articles.get(id);
    if (!article || (!article.published && !can(actor, "kb:manage"))) throw articleNotFound(id);
    return article;
  }

  async list(actor: Actor, after: string, limit: number): Promise<Article[]> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    return this.deps.articles.list(after, limit);
  }

  /** Published articles for what a person typed, best first (bm25). */
  async search(actor: Actor, text: string, limit: number): Promise<ArticleHit[]> {
    authorize(actor, "kb:search", this.deps.settings);
    const query = questionQuery(text);
    return query ? this.deps.articles.search(query, limit) : [];
  }

  /**
   * The responder's lexical retrieval: the published articles (in `language` if given) that hold
   * any word of the question or its synonyms, by how much of the question each covers, best first.
   */
  async rank(text: string, language: string | null, limit: number): Promise<RankedArticle[]> {
    const words = questionTerms(text);
    if (!words.length) return [];
    const groups = expandTerms(words, [...DEFAULT_SYNONYMS, ...(await this.deps.synonyms.all())]);
    const found = await this.deps.terms.matches(groups, language);
    // Twice as many as asked by coverage, then ordered by relevance.
    const covered = rankByCoverage(found).slice(0, limit * 2);
    const texts = await this.deps.terms.texts(
      covered.map((c) => c.id),
      [...groups.flat(), ...found.meant],
      language,
    );
    const byId = new Map(texts.map((hit) => [hit.article.id, hit]));
    const best = Math.max(0, ...texts.map((hit) => hit.bm25));
    const held = heldWords(text, [...groups, found.meant]);
    return covered
      .flatMap(({ id, coverage }) => {
        const hit = byId.get(id);
        if (!hit) return [];
        const { article, excerpt, bm25 } = hit;
        const fit = phraseFit(held, article);
        return [{ article, excerpt, coverage, relevance: relevanceOf(coverage, bm25, best, fit) }];
      })
      .sort((a, b) => b.relevance - a.relevance)
      .slice(0, limit);
  }

  /** Published articles by id (the hybrid retrieval's vector matches), with their opening as excerpt. */
  async published(ids: string[]): Promise<RankedArticle[]> {
    const found = await this.deps.articles.publishedByIds(ids);
    return found.map((article) => ({
      article,
      excerpt: article.body.slice(0, 240),
      coverage: 0,
      relevance: 0,
    }));
  }

  async synonyms(actor: Actor): Promise<Synonym[]> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    return this.deps.synonyms.all();
  }

  async putSynonyms(actor: Actor, term: string, synonyms: string[]): Promise<Synonym> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    const entry = {
      term: term.toLowerCase(),
      synonyms: [...new Set(synonyms.map((s) => s.toLowerCase()))],
      updatedAt: this.deps.clock().toISOString(),
    };
    await this.deps.synonyms.put(entry);
    return entry;
  }

  async removeSynonyms(actor: Actor, term: string): Promise<void> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    if (!(await this.deps.synonyms.remove(term.toLowerCase()))) throw termNotFound(term);
  }
}
