import { type AccessPolicy, type Actor, authorize, authorizeUser, can } from "../../core/access";
import { toFtsQuery } from "../../core/search";
import { NotFoundError } from "../../platform/errors";
import type { Article, ArticleHit, KnowledgeRepository } from "./kb-repository";

export type ArticleInput = Pick<Article, "title" | "body" | "tags" | "locale" | "published">;

const articleNotFound = (id: string) => new NotFoundError(`Article ${id} does not exist.`);

/**
 * The knowledge base: articles written by admins and supervisors, searched by anyone in a chat,
 * and the AI first responder's only source of answers.
 */
export class KnowledgeService {
  constructor(
    private readonly deps: {
      articles: KnowledgeRepository;
      settings: AccessPolicy & { maxPageSize: number };
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  async create(actor: Actor, input: ArticleInput): Promise<Article> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    const now = this.deps.clock().toISOString();
    const article = { ...input, id: this.deps.newId(), createdAt: now, updatedAt: now };
    await this.deps.articles.create(article);
    return article;
  }

  async update(actor: Actor, id: string, input: ArticleInput): Promise<Article> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    const updatedAt = this.deps.clock().toISOString();
    const article = await this.deps.articles.update({ ...input, id, updatedAt });
    if (!article) throw articleNotFound(id);
    return article;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, "kb:manage", this.deps.settings);
    if (!(await this.deps.articles.remove(id))) throw articleNotFound(id);
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

  /** Published articles for what a person typed, best first. */
  async search(actor: Actor, text: string, limit: number): Promise<ArticleHit[]> {
    authorize(actor, "kb:search", this.deps.settings);
    return this.retrieve(text, limit);
  }

  /** The responder's retrieval: published articles, best first, at least `minScore` relevant. */
  async retrieve(text: string, limit: number, minScore = 0): Promise<ArticleHit[]> {
    const query = toFtsQuery(text);
    if (!query) return [];
    const hits = await this.deps.articles.search(query, limit);
    return hits.filter((hit) => hit.score >= minScore);
  }
}
