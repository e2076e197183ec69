// A scripted stand-in for the Workers AI binding, bound as AI in the "responder" test project (no
// test reaches the network). Each call of run() takes the next step of the script the test set
// through Control: answer, hand off, fail, hang, say garbage, or answer after a delay. Every call is
// recorded, so a test can assert what the model was sent. Asked to stream (`stream: true`), it sends
// the same answer as Workers AI does, server-sent events of `{response}` pieces (`pieceChars` each,
// `pieceMs` apart), cut across event boundaries; a step of kind "break" stops halfway with an error.
import { WorkerEntrypoint } from "cloudflare:workers";

const state = { steps: [], calls: [], topics: {}, vectors: new Map(), failEmbeddings: false };

/** The dimensions of the scripted embeddings (bge-m3's). */
const DIMENSIONS = 1024;

/**
 * A text's scripted embedding: one-hot on the first topic it mentions (Control.topics: a word, or
 * any of its aliases, names a topic), so texts on one topic have similarity 1 and others 0; a text
 * on no topic points its own way (a dimension from its hash).
 */
function embed(text) {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const names = Object.keys(state.topics);
  const topic = words
    .map((w) => names.find((name) => name === w || state.topics[name].includes(w)))
    .find(Boolean);
  const vector = new Array(DIMENSIONS).fill(0);
  const hash = [...(topic ?? text)].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  vector[topic ? names.indexOf(topic) : 512 + (hash % 512)] = 1;
  return vector;
}

const cosine = (a, b) => a.reduce((sum, x, i) => sum + x * b[i], 0);

/** The article ids the service put in the prompt, in order. */
function articleIds(inputs) {
  const text = inputs.messages.map((m) => m.content).join("\n");
  return [...text.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ScriptedAi extends WorkerEntrypoint {
  async run(model, inputs, options) {
    if (model === "@cf/baai/bge-m3") {
      if (state.failEmbeddings) throw new Error("scripted embedding failure");
      return { shape: [inputs.text.length, DIMENSIONS], data: inputs.text.map(embed) };
    }
    state.calls.push({ model, inputs, options });
    const step = state.steps.shift() ?? { kind: "answer" };
    if (step.delayMs) await sleep(step.delayMs);
    const ids = articleIds(inputs);
    const answer = (fields) => ({
      response: JSON.stringify({ action: "answer", reply: "", reason: "", sources: [], ...fields }),
    });
    if (inputs.stream) return streamed(step, ids, answer);
    switch (step.kind) {
      case "answer":
        return answer({
          action: "answer",
          reply: step.reply ?? `From the article: ${ids[0] ?? "none"}`,
          sources: step.sources ?? [...ids.slice(0, 1), ...(step.alsoCite ?? [])],
        });
      case "handoff":
        return answer({ action: "handoff", reason: step.reason ?? "not in the articles" });
      case "fail":
        throw new Error("scripted failure");
      case "hang":
        // Long past any budget (a promise with no timer would be cancelled by workerd as hung).
        await sleep(30_000);
        return answer({ action: "answer", reply: "too late" });
      case "garbage":
        return { response: "I am not JSON {" };
      default:
        throw new Error(`unknown step ${step.kind}`);
    }
  }
}

/** A step's answer as Workers AI streams it. */
async function streamed(step, ids, answer) {
  if (step.kind === "fail") throw new Error("scripted failure");
  const text =
    step.kind === "garbage"
      ? "I am not JSON {"
      : step.kind === "handoff"
        ? answer({
            action: "handoff",
            reason: "not in the articles",
            reply: "Let me get a person.",
          }).response
        : answer({
            reply: step.reply ?? `From the article: ${ids[0] ?? "none"}`,
            sources: step.sources ?? [...ids.slice(0, 1), ...(step.alsoCite ?? [])],
          }).response;
  const size = step.pieceChars ?? 8;
  const pieces = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  const events = pieces.map((piece) => `data: ${JSON.stringify({ response: piece })}\r\n\r\n`);
  const breakAt = step.kind === "break" ? Math.ceil(events.length / 2) : events.length;
  // Each event in two pieces cut mid-line, as networks do.
  const writes = events
    .slice(0, breakAt)
    .flatMap((event) => [event.slice(0, event.length / 2), event.slice(event.length / 2)]);
  const encoder = new TextEncoder();
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      await sleep((step.pieceMs ?? 6) / 2);
      if (step.kind === "hang" && writes.length < 2) await sleep(30_000);
      const next = writes.shift();
      if (next !== undefined) return controller.enqueue(encoder.encode(next));
      if (step.kind === "break") return controller.error(new Error("scripted stream broke"));
      controller.enqueue(encoder.encode("data: [DONE]\r\n\r\n"));
      controller.close();
    },
  });
}

/** A Vectorize index in memory: upsert, query by cosine similarity, delete. */
export class ScriptedVectors extends WorkerEntrypoint {
  async upsert(vectors) {
    for (const v of vectors) state.vectors.set(v.id, v);
    return { ids: vectors.map((v) => v.id), count: vectors.length };
  }

  async query(vector, options) {
    const matches = [...state.vectors.values()]
      .map((v) => ({ id: v.id, score: cosine(vector, v.values), metadata: v.metadata }))
      .sort((a, b) => b.score - a.score)
      .slice(0, options?.topK ?? 5);
    return { matches, count: matches.length };
  }

  async deleteByIds(ids) {
    for (const id of ids) state.vectors.delete(id);
    return { ids, count: ids.length };
  }
}

export class Control extends WorkerEntrypoint {
  /** The embedder's topics: { refund: ["reimbursement", "money"] }. */
  topics(topics) {
    state.topics = topics;
  }

  /** Makes every embedding fail (or succeed again). */
  failEmbeddings(fail) {
    state.failEmbeddings = fail;
  }

  /** The index's vectors: id and metadata. */
  vectors() {
    return [...state.vectors.values()].map((v) => ({ id: v.id, metadata: v.metadata }));
  }

  /** Replaces the script and forgets the calls so far. */
  script(steps) {
    state.steps = [...steps];
    state.calls = [];
  }

  calls() {
    return state.calls;
  }
}

export default {
  fetch: () => new Response("scripted model"),
};
