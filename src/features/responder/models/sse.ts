/**
 * The `data` of each server-sent event of `body` (text/event-stream), in order, until the stream
 * ends, `[DONE]` arrives or `signal` aborts (the stream is cancelled then). Lines may end in LF,
 * CRLF or CR and be split anywhere across chunks; multi-line data is joined with LF; comments and
 * other fields are skipped.
 */
export async function* sseData(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const cancel = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", cancel, { once: true });
  let buffer = "";
  let data: string[] = [];
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      buffer += done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true });
      // A CR at the end may be half of a CRLF whose LF comes in the next chunk.
      const cut = !done && buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
      buffer = (lines.pop() ?? "") + buffer.slice(cut);
      for (const line of lines) {
        if (line === "") {
          if (data.length) {
            const event = data.join("\n");
            data = [];
            if (event.trim() === "[DONE]") return;
            yield event;
          }
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        if (field !== "data") continue;
        const text = colon < 0 ? "" : line.slice(colon + 1);
        data.push(text.startsWith(" ") ? text.slice(1) : text);
      }
      if (done) return;
    }
  } finally {
    signal.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}

/**
 * The text pieces of a chat completion streamed as server-sent events: Workers AI's `{response}`
 * or OpenAI's `{choices: [{delta: {content}}]}`. An event carrying an error throws.
 */
export async function* completionText(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<string> {
  for await (const data of sseData(body, signal)) {
    const event = JSON.parse(data) as {
      response?: unknown;
      error?: unknown;
      choices?: { delta?: { content?: unknown } }[];
    };
    if (event.error) throw new Error(`the model stream failed: ${JSON.stringify(event.error)}`);
    const piece = event.choices?.[0]?.delta?.content ?? event.response;
    if (typeof piece === "string" && piece) yield piece;
  }
}
