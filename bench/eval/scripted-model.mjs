// The eval's model: an OpenAI-compatible endpoint on a local port (no network), deterministic. It reads
// the articles it is given like a literal model: it answers from the first one (retrieval's best) if it
// shares a word with the question, else from the one sharing most, and hands off when none shares any. One question in ten (by a hash of its text) it
// misbehaves like a real model sometimes does: it cites an article it was not given, alone or beside
// one it was. Those answers must become handoffs; the eval counts any that reach the customer as invented.
import { createHash } from "node:crypto";
import { createServer } from "node:http";

/** A text's words of three letters or more, by their first four (a crude stem). */
const words = (text) =>
  new Set((text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).map((word) => word.slice(0, 4)));
/** Words that say nothing about a question's topic. */
const FILLER = new Set([
  "the",
  "and",
  "you",
  "your",
  "can",
  "how",
  "what",
  "does",
  "for",
  "with",
  "have",
]);

/** Which way the model misbehaves for a question: null (it does not), "alone" or "beside". */
function misbehaviour(question) {
  const n = createHash("sha256").update(question).digest()[0] % 10;
  return n === 0 ? "alone" : n === 1 ? "beside" : null;
}

export async function startScriptedModel(port) {
  const outside = new Set();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { messages } = JSON.parse(body);
      const question = messages.at(-1).content;
      const articles = [
        ...messages
          .map((m) => m.content)
          .join("\n")
          .matchAll(/<article id="([^"]+)" title="([^"]*)">\n([\s\S]*?)\n<\/article>/g),
      ].map(([, id, title, text]) => ({ id, title, text }));
      const asked = new Set([...words(question)].filter((w) => !FILLER.has(w)));
      const overlap = (article) =>
        [...words(`${article.title} ${article.text}`)].filter((w) => asked.has(w)).length;
      const read = articles.map((article) => ({ article, overlap: overlap(article) }));
      const best = read[0]?.overlap > 0 ? read[0] : read.sort((a, b) => b.overlap - a.overlap)[0];
      let answer;
      if (!best || best.overlap === 0) {
        answer = { action: "handoff", reply: "", reason: "not in the articles", sources: [] };
      } else {
        const way = misbehaviour(question);
        const sources =
          way === "alone"
            ? ["00000000-0000-4000-8000-00000000dead"]
            : way === "beside"
              ? [best.article.id, "00000000-0000-4000-8000-00000000dead"]
              : [best.article.id];
        if (way) outside.add(question);
        answer = {
          action: "answer",
          reply: `${best.article.title}: ${best.article.text.slice(0, 200)}`,
          reason: "",
          sources,
        };
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          choices: [{ message: { role: "assistant", content: JSON.stringify(answer) } }],
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/v1`,
    /** Whether the model cited an article it was not given for this question. */
    outsideCitation: (question) => outside.has(question),
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
