import type { ChatModel, ModelRequest } from "../services/ports";
import type { ModelAnswer } from "./model-answer";

/**
 * No language model (the default, and `npm run dev` offline): the answer is the best-matching
 * article itself, its title, an excerpt and where to read the rest; with none, a handoff. Useful,
 * honest about what it is, and it never makes anything up.
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
      reply: `This article may help: "${best.title}". ${excerpt} (Read it all: /kb/articles/${best.id})`,
      reason: "the best-matching article",
      sources: [best.id],
    };
  },
};
