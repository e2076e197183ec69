import type { ChatModel, ModelRequest } from "../model";
import { MODEL_ANSWER_JSON_SCHEMA } from "../model-answer";
import { toChatMessages } from "../prompt";
import { completionText } from "./sse";

/** The part of the Workers AI binding (`[ai] binding = "AI"`) this model uses. */
export interface AiBinding {
  run(model: string, inputs: unknown, options?: unknown): Promise<unknown>;
}

/**
 * A model on Workers AI, optionally through an AI Gateway; held to the answer's JSON Schema. JSON
 * mode does not stream on Workers AI, so a streamed answer is held to it by the prompt alone (and
 * checked the same way once complete).
 */
export function workersAiModel(ai: AiBinding, model: string, gateway: string | null): ChatModel {
  const options = gateway ? { gateway: { id: gateway } } : undefined;
  return {
    async answer(request: ModelRequest, signal: AbortSignal) {
      const run = ai.run(
        model,
        {
          messages: toChatMessages(request),
          response_format: { type: "json_schema", json_schema: MODEL_ANSWER_JSON_SCHEMA },
          temperature: 0,
        },
        options,
      );
      const result = (await abortable(run, signal)) as { response?: unknown } | null;
      return result?.response;
    },
    async *stream(request: ModelRequest, signal: AbortSignal) {
      const run = ai.run(
        model,
        { messages: toChatMessages(request), temperature: 0, stream: true },
        options,
      );
      const body = await abortable(run, signal);
      if (!(body instanceof ReadableStream)) throw new Error("the model did not stream");
      yield* completionText(body as ReadableStream<Uint8Array>, signal);
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
