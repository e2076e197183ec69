import type { ModelChoice } from "../../../platform/config/ai";
import { ConfigError } from "../../../platform/errors";
import type { ChatModel } from "../model";
import { articleModel } from "./article-model";
import { openAiModel } from "./openai-model";
import { type AiBinding, workersAiModel } from "./workers-ai-model";

/** The model the configuration chooses: Workers AI, an OpenAI-compatible endpoint, or none. */
export function modelFor(choice: ModelChoice, ai: AiBinding | undefined): ChatModel {
  switch (choice.kind) {
    case "openai":
      return openAiModel(choice);
    case "workers-ai":
      if (!ai) throw new ConfigError([{ path: "AI_MODEL", message: "needs the AI binding" }]);
      return workersAiModel(ai, choice.model, choice.gateway);
    case "articles":
      return articleModel;
  }
}
