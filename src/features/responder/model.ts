import type { Message } from "../../core/chat";

/**
 * What is asked: the customer's answer (the AI first responder), a reply an agent reviews before
 * sending it (a draft), or a summary of the conversation for a colleague.
 */
export type ModelTask = "answer" | "draft" | "summary";

/** What a model is asked: the question, the conversation, what to answer from. */
export interface ModelRequest {
  /** Left out: "answer". */
  task?: ModelTask;
  question: string;
  /** The customer's language as the widget said (de, pt-BR); null: not said. */
  locale: string | null;
  /**
   * The conversation before the question, oldest first: public messages only, but for an agent's
   * draft or summary that asked for its internal notes (role "note").
   */
  transcript: { role: "customer" | "assistant" | "agent" | "note"; content: string }[];
  /** The knowledge-base articles found for the question: the only things to answer from. */
  articles: { id: string; title: string; body: string; excerpt: string }[];
}

/**
 * A model that answers a customer (src/ai: Workers AI, an OpenAI-compatible endpoint, or the best
 * article itself). It answers with JSON text or a value; the responder checks it against
 * ModelAnswerSchema and treats anything else as a failure.
 */
export interface ChatModel {
  answer(request: ModelRequest, signal: AbortSignal): Promise<unknown>;
  /**
   * The same answer as it is written: pieces of its JSON text, in order (their concatenation is
   * what `answer` would return). Optional: a model without it is asked with `answer`.
   */
  stream?(request: ModelRequest, signal: AbortSignal): AsyncIterable<string>;
}

/** Messages as the model reads them: who wrote each (an internal note as a note), and what. */
export function transcriptOf(messages: Message[]): ModelRequest["transcript"] {
  return messages.map((m) => ({
    role:
      m.visibility === "internal"
        ? "note"
        : m.authorType === "customer"
          ? "customer"
          : m.authorType === "bot"
            ? "assistant"
            : "agent",
    content: m.content,
  }));
}
