import type { ChatModel, ModelRequest } from "../model";
import type { ModelAnswer } from "../model-answer";
import { noticesFor } from "../notices";

/**
 * No language model (the default, and `npm run dev` offline): the answer is the best-matching
 * article itself, its title and an excerpt, introduced in the customer's language; the article is
 * the answer's source, which the widget opens for the customer to read it all. With none, a
 * handoff. Useful, honest about what it is, and it never makes anything up.
 */
export const articleModel: ChatModel = {
  async answer(request: ModelRequest): Promise<ModelAnswer> {
    const best = request.articles[0];
    if (!best) {
      return { action: "handoff", reply: "", reason: "no article matched", sources: [] };
    }
    const excerpt = best.excerpt.trim() || best.body.slice(0, 280);
    return {
      action: "answer",
      reply: `${noticesFor(request.locale).article} "${best.title}". ${excerpt}`,
      reason: "the best-matching article",
      sources: [best.id],
    };
  },
};
