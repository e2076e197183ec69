import type { Logger } from "../../platform/logger";
import type { ChatModel, ModelRequest } from "./model";
import { type ModelAnswer, parseModelAnswer } from "./model-answer";

/**
 * The model's answer within `budget`, retries included: each attempt gets what is left of it, and
 * a failure, a timeout or an answer that does not parse is tried again while attempts and time
 * remain. Throws once none do.
 */
export async function askModel(
  model: ChatModel,
  request: ModelRequest,
  budget: { timeoutMs: number; maxAttempts: number },
  logger: Logger,
): Promise<ModelAnswer> {
  const deadline = Date.now() + budget.timeoutMs;
  let failure: unknown = new Error("no attempt");
  for (let attempt = 0; attempt < budget.maxAttempts; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      return parseModelAnswer(await model.answer(request, AbortSignal.timeout(left)));
    } catch (error) {
      failure = error;
      logger.warn("model attempt failed", { attempt, error: describeFailure(error) });
    }
  }
  throw failure;
}

/** A model failure in a few words, for logs and handoff details. */
export function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "timed out";
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}
