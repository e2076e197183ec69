import type { ChatModel, ModelRequest } from "../model";
import { MODEL_ANSWER_JSON_SCHEMA } from "../model-answer";
import { toChatMessages } from "../prompt";

/** The part of the Workers AI binding (`[ai] binding = "AI"`) this model uses. */
export interface AiBinding {
  run(model: string, inputs: unknown, options?: unknown): Promise<unknown>;
}

/** A model on Workers AI, optionally through an AI Gateway; held to the answer's JSON Schema. */
export function workersAiModel(ai: AiBinding, model: string, gateway: string | null): ChatModel {
  return {
    async answer(request: ModelRequest, signal: AbortSignal) {
      const run = ai.run(
        model,
        {
          messages: toChatMessages(request),
          response_format: { type: "json_schema", json_schema: MODEL_ANSWER_JSON_SCHEMA },
          temperature: 0,
        },
        gateway ? { gateway: { id: gateway } } : undefined,
      );
      const result = (await abortable(run, signal)) as { response?: unknown } | null;
      return result?.response;
    },
  };
}

/** `task`, unless `signal` aborts first (the binding takes no signal of its own). */
export function abortable<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    task.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
