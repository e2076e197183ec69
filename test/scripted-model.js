// A scripted stand-in for the Workers AI binding, bound as AI in the "responder" test project (no
// test reaches the network). Each call of run() takes the next step of the script the test set
// through Control: answer, hand off, fail, hang, say garbage, or answer after a delay. Every call is
// recorded, so a test can assert what the model was sent.
import { WorkerEntrypoint } from "cloudflare:workers";

const state = { steps: [], calls: [] };

/** The article ids the service put in the prompt, in order. */
function articleIds(inputs) {
  const text = inputs.messages.map((m) => m.content).join("\n");
  return [...text.matchAll(/<article id="([^"]+)"/g)].map((m) => m[1]);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ScriptedAi extends WorkerEntrypoint {
  async run(model, inputs, options) {
    state.calls.push({ model, inputs, options });
    const step = state.steps.shift() ?? { kind: "answer" };
    if (step.delayMs) await sleep(step.delayMs);
    const ids = articleIds(inputs);
    const answer = (fields) => ({
      response: JSON.stringify({ reply: "", reason: "", sources: [], ...fields }),
    });
    switch (step.kind) {
      case "answer":
        return answer({
          action: "answer",
          reply: step.reply ?? `From the article: ${ids[0] ?? "none"}`,
          sources: step.sources ?? ids.slice(0, 1),
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

export class Control extends WorkerEntrypoint {
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
