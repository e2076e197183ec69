import type { ChatModel, ModelRequest } from "../model";
import { toChatMessages } from "../prompt";

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, AI Gateway's
 * compatible endpoint): `${baseUrl}/chat/completions`, asked for a JSON object.
 */
export function openAiModel(settings: {
  baseUrl: string;
  model: string;
  apiKey: string | null;
}): ChatModel {
  return {
    async answer(request: ModelRequest, signal: AbortSignal) {
      const response = await fetch(`${settings.baseUrl}/chat/completions`, {
        method: "POST",
        signal,
        headers: {
          "Content-Type": "application/json",
          ...(settings.apiKey && { Authorization: `Bearer ${settings.apiKey}` }),
        },
        body: JSON.stringify({
          model: settings.model,
          messages: toChatMessages(request),
          response_format: { type: "json_object" },
          temperature: 0,
        }),
      });
      if (!response.ok) throw new Error(`the model endpoint answered ${response.status}`);
      const body = (await response.json()) as {
        choices?: { message?: { content?: unknown } }[];
      };
      return body.choices?.[0]?.message?.content;
    },
  };
}
