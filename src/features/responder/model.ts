/** What the AI first responder asks a model: the question, the conversation, what to answer from. */
export interface ModelRequest {
  question: string;
  /** The public conversation before the question, oldest first (never an internal note). */
  transcript: { role: "customer" | "assistant" | "agent"; content: string }[];
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
