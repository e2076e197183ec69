import type { RestClient } from "../../src/client/rest";

/** A knowledge-base article as the widget shows it, or why it cannot. */
export type ArticleResult = { title: string; body: string } | { problem: "gone" | "unreachable" };

/** The published articles the assistant answers from (a customer's token may read them). */
export class Articles {
  private readonly read = new Map<string, ArticleResult>();

  constructor(private readonly api: RestClient) {}

  async get(id: string): Promise<ArticleResult> {
    const known = this.read.get(id);
    if (known) return known;
    const response = await this.api.kb.articles[":article_id"]
      .$get({ param: { article_id: id } })
      .catch(() => null);
    if (!response) return { problem: "unreachable" };
    if (response.status !== 200)
      return { problem: response.status === 404 ? "gone" : "unreachable" };
    const { title, body } = await response.json();
    this.read.set(id, { title, body });
    return { title, body };
  }
}
