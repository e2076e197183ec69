import type { ChatModel, ModelRequest } from "../model";
import { toChatMessages } from "../prompt";
import { completionText } from "./sse";

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, AI Gateway's
 * compatible endpoint): `${baseUrl}/chat/completions`, asked for a JSON object; streamed as
 * server-sent events when asked to stream.
 */
export function openAiModel(settings: {
  baseUrl: string;
  model: string;
  apiKey: string | null;
}): ChatModel {
  const complete = async (request: ModelRequest, signal: AbortSignal, stream: boolean) => {
    const response = await fetch(`${settings.baseUrl}/chat/completions`, {
      method: "POST",
      signal,
      headers: {
        "Content-Type": "application/json",
        ...(stream && { Accept: "text/event-stream" }),
        ...(settings.apiKey && { Authorization: `Bearer ${settings.apiKey}` }),
      },
      body: JSON.stringify({
        model: settings.model,
        messages: toChatMessages(request),
        response_format: { type: "json_object" },
        temperature: 0,
        ...(stream && { stream: true }),
      }),
    });
    if (!response.ok) throw new Error(`the model endpoint answered ${response.status}`);
    return response;
  };
  return {
    async answer(request, signal) {
      const body = (await (await complete(request, signal, false)).json()) as {
        choices?: { message?: { content?: unknown } }[];
      };
      return body.choices?.[0]?.message?.content;
    },
    async *stream(request, signal) {
      const { body } = await complete(request, signal, true);
      if (!body) throw new Error("the model endpoint streamed no body");
      yield* completionText(body, signal);
    },
  };
}
