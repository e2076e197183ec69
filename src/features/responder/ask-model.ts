import type { Logger } from "../../platform/logger";
import type { ChatModel, ModelRequest } from "./model";
import { type ModelAnswer, parseModelAnswer } from "./model-answer";

/** Where an answer is shown as the model writes it (e.g. a DraftFeed). */
export interface AnswerDrafts {
  /** The model's raw answer so far. */
  update(raw: string): void;
  /** The model finished: show what is left. */
  flush(): void;
  /** The attempt failed: withdraw what was shown. */
  discard(): void;
}

/**
 * The model's answer within `budget`, retries included: each attempt gets what is left of it, and
 * a failure, a timeout or an answer that does not parse is tried again while attempts and time
 * remain. Throws once none do. With `drafts` and a model that streams, each attempt streams into
 * them (and a failed one is withdrawn).
 */
export async function askModel(
  model: ChatModel,
  request: ModelRequest,
  budget: { timeoutMs: number; maxAttempts: number },
  logger: Logger,
  drafts?: AnswerDrafts,
): Promise<ModelAnswer> {
  const deadline = Date.now() + budget.timeoutMs;
  let failure: unknown = new Error("no attempt");
  for (let attempt = 0; attempt < budget.maxAttempts; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      return parseModelAnswer(await attemptOnce(model, request, AbortSignal.timeout(left), drafts));
    } catch (error) {
      drafts?.discard();
      failure = error;
      logger.warn("model attempt failed", { attempt, error: describeFailure(error) });
    }
  }
  throw failure;
}

/** One attempt: the model's raw answer, streamed into `drafts` when there are some and it can. */
async function attemptOnce(
  model: ChatModel,
  request: ModelRequest,
  signal: AbortSignal,
  drafts: AnswerDrafts | undefined,
): Promise<unknown> {
  if (!drafts || !model.stream) return model.answer(request, signal);
  let raw = "";
  for await (const piece of model.stream(request, signal)) {
    raw += piece;
    drafts.update(raw);
  }
  drafts.flush();
  return raw;
}

/** A model failure in a few words, for logs and handoff details. */
export function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "timed out";
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}
