// Streaming's pieces where each rule lives: server-sent events read whatever the chunking, the
// reply read out of an unfinished JSON answer, and the OpenAI-compatible model streamed over fetch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { draftReply } from "../../../src/features/responder/draft-text";
import type { ModelRequest } from "../../../src/features/responder/model";
import { parseModelAnswer } from "../../../src/features/responder/model-answer";
import { openAiModel } from "../../../src/features/responder/models/openai-model";
import { completionText, sseData } from "../../../src/features/responder/models/sse";
import { workersAiModel } from "../../../src/features/responder/models/workers-ai-model";

afterEach(() => vi.restoreAllMocks());

/** A byte stream of `text` cut into the given chunk sizes (cycled). */
function chunked(text: string, sizes: number[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

const collect = async (items: AsyncIterable<string> | string[]) => {
  const all: string[] = [];
  for await (const item of items) all.push(item);
  return all;
};
const signal = () => AbortSignal.timeout(2000);

describe("server-sent events", () => {
  const stream =
    ': a comment\r\n\r\ndata: {"response":"Hé"}\r\n\r\nevent: x\ndata: one\ndata: two\n\nretry: 5\rdata:no-space\r\rdata: [DONE]\n\ndata: after\n\n';

  it.each([[[1]], [[2, 3]], [[7]], [[1000]]])(
    "reads the same events however the bytes are cut (%j)",
    async (sizes) => {
      expect(await collect(sseData(chunked(stream, sizes), signal()))).toEqual([
        '{"response":"Hé"}',
        "one\ntwo",
        "no-space",
      ]);
    },
  );

  it("reads a last event with no blank line after it, and stops when aborted", async () => {
    expect(await collect(sseData(chunked("data: end", [3]), signal()))).toEqual(["end"]);
    const controller = new AbortController();
    const endless = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        // Cancelled meanwhile: nothing more to give.
        if (!controller.signal.aborted) c.enqueue(new TextEncoder().encode("data: x\n\n"));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const data of sseData(endless, controller.signal)) {
          seen.push(data);
          if (seen.length === 3) controller.abort(new Error("stop"));
        }
      })(),
    ).rejects.toThrow("stop");
    expect(seen).toHaveLength(3);
  });

  it("takes the text of Workers AI's and OpenAI's events, and fails on an error event", async () => {
    const events = [
      'data: {"response":"{\\"a"}',
      'data: {"choices":[{"delta":{"content":"ction\\""}}]}',
      'data: {"choices":[{"delta":{}}]}',
      "data: [DONE]",
    ].join("\n\n");
    expect(await collect(completionText(chunked(`${events}\n\n`, [5]), signal()))).toEqual([
      '{"a',
      'ction"',
    ]);
    const failing = chunked('data: {"error":{"message":"overloaded"}}\n\n', [100]);
    await expect(collect(completionText(failing, signal()))).rejects.toThrow("overloaded");
  });
});

describe("the reply of an unfinished answer", () => {
  const answer = JSON.stringify({
    action: "answer",
    reply: 'Say "hi"\nthen \u00e9\u{1F600} \\ done',
    reason: "",
    sources: ["a"],
  });

  it("grows with the answer, escapes decoded, never a half escape or half a surrogate pair", () => {
    let previous = "";
    for (let end = 0; end <= answer.length; end++) {
      const text = draftReply(answer.slice(0, end));
      expect(text.startsWith(previous)).toBe(true);
      expect(/[\uD800-\uDBFF]$/.test(text)).toBe(false);
      previous = text;
    }
    expect(previous).toBe('Say "hi"\nthen \u00e9\u{1F600} \\ done');
    // With \u escapes, as some models write them.
    expect(draftReply('{"action":"answer","reply":"caf\\u00e9 \\u00')).toBe("café ");
  });

  it("shows nothing of a handoff, nor of a reply written before its action", () => {
    expect(draftReply('{"action": "handoff", "reply": "Let me get someone')).toBe("");
    expect(draftReply('{"reply": "Sure thing", "action": "answer"')).toBe("");
    expect(draftReply('```json\n{"action":"answer","reply":"Fenced')).toBe("Fenced");
  });
});

const request: ModelRequest = {
  question: "How long do refunds take?",
  locale: null,
  transcript: [],
  articles: [{ id: "a-1", title: "Refunds", body: "Within 14 days.", excerpt: "14 days" }],
};

describe("streaming models", () => {
  it("an OpenAI-compatible endpoint is asked to stream, and its pieces make the answer", async () => {
    const content = JSON.stringify({ action: "answer", reply: "14 days.", sources: ["a-1"] });
    const sse = [...content.matchAll(/.{1,5}/gs)]
      .map(([piece]) => `data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`)
      .join("");
    let sent: RequestInit | undefined;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_, init) => {
      sent = init;
      return new Response(chunked(`${sse}data: [DONE]\n\n`, [13]), {
        headers: { "Content-Type": "text/event-stream" },
      });
    });
    const model = openAiModel({ baseUrl: "https://llm.example/v1", model: "m", apiKey: null });
    const pieces = await collect(model.stream?.(request, signal()) ?? []);
    expect(pieces.length).toBeGreaterThan(3);
    expect(parseModelAnswer(pieces.join(""))).toMatchObject({
      reply: "14 days.",
      sources: ["a-1"],
    });
    expect(JSON.parse(String(sent?.body))).toMatchObject({ stream: true });
  });

  it("an endpoint that refuses fails the stream", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("no", { status: 429 }));
    const model = openAiModel({ baseUrl: "https://llm.example/v1", model: "m", apiKey: null });
    await expect(collect(model.stream?.(request, signal()) ?? [])).rejects.toThrow("429");
  });

  it("Workers AI is asked to stream without JSON mode (which does not stream)", async () => {
    const inputs: unknown[] = [];
    const ai = {
      run: async (_model: string, input: unknown) => {
        inputs.push(input);
        return chunked('data: {"response":"{}"}\n\ndata: [DONE]\n\n', [4]);
      },
    };
    const model = workersAiModel(ai, "@cf/m", null);
    expect(await collect(model.stream?.(request, signal()) ?? [])).toEqual(["{}"]);
    expect(inputs[0]).toMatchObject({ stream: true });
    expect(inputs[0]).not.toHaveProperty("response_format");
  });
});
