// The AI first responder, measured against a fresh Worker of ours under `wrangler dev`, its model an
// OpenAI-compatible endpoint played by a local HTTP server (no network): how much the responder adds
// to each customer message over the model's own time, and how soon a customer whose model fails
// sees the handoff (target: within AI_TIMEOUT_MS + 100 ms).
// With BENCH_STREAM=1 the responder streams (AI_STREAM) and the model streams its answer: its first
// piece after BENCH_MODEL_DELAY_MS, then one every BENCH_PIECE_MS (8 characters each); the customer's
// time to the first words (first draft frame) and to the whole stored answer are measured.
// Settings (env): BENCH_MODEL_DELAY_MS (200), BENCH_RESPONDER_MESSAGES (40), BENCH_AI_TIMEOUT_MS (2000),
// BENCH_STREAM (0), BENCH_PIECE_MS (25).

import { mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { bundleWorker, freePort, persistArgs, startDev, wrangler } from "./dev.mjs";
import { keyArgs, mintToken, newSecret, ROOT, writeBenchConfig } from "./setup.mjs";
import { envNumber, fmt, median, printTable } from "./stats.mjs";

const MODEL_DELAY_MS = envNumber("BENCH_MODEL_DELAY_MS", 200);
const MESSAGES = envNumber("BENCH_RESPONDER_MESSAGES", 40);
const BUDGET_MS = envNumber("BENCH_AI_TIMEOUT_MS", 2000);
const FAILURES = 10;
const WAIT_MS = BUDGET_MS + 10_000;
const STREAM = process.env.BENCH_STREAM === "1";
const PIECE_MS = envNumber("BENCH_PIECE_MS", 25);
const REPLY =
  "Refunds are paid within 14 days of the return arriving, to the card or account you paid with; you get an email when it is on its way.";

/** The model: answers after MODEL_DELAY_MS from the first article it was given; "[hang]" never. */
function startModel() {
  const held = []; // ms each answered request was held by the model
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { messages, stream } = JSON.parse(body);
      const question = messages.at(-1).content;
      if (question.includes("[hang]")) return; // never answers; the responder's budget runs out
      const article = /<article id="([^"]+)"/.exec(messages.map((m) => m.content).join("\n"));
      const started = performance.now();
      const content = JSON.stringify({
        action: "answer",
        reply: REPLY,
        reason: "",
        sources: article ? [article[1]] : [],
      });
      if (stream) return streamAnswer(res, content, () => held.push(performance.now() - started));
      setTimeout(() => {
        held.push(performance.now() - started);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
      }, MODEL_DELAY_MS);
    });
  });
  return { server, held };
}

/** `content` as server-sent events: after MODEL_DELAY_MS, 8 characters every PIECE_MS. */
function streamAnswer(res, content, done) {
  res.writeHead(200, { "Content-Type": "text/event-stream" });
  let at = 0;
  const next = () => {
    if (at >= content.length) {
      done();
      return res.end("data: [DONE]\n\n");
    }
    const delta = { choices: [{ delta: { content: content.slice(at, at + 8) } }] };
    res.write(`data: ${JSON.stringify(delta)}\n\n`);
    at += 8;
    setTimeout(next, PIECE_MS);
  };
  setTimeout(next, MODEL_DELAY_MS);
}

/**
 * One customer message on a session followed live: ms from before the POST to `until` holding
 * (`firstDraft`: to the first draft frame, if any).
 */
async function timeOne(base, question, until, firstDraft = {}) {
  const started = await (await fetch(`${base}/sessions`, { method: "POST" })).json();
  const token = started.customer_token.token;
  const auth = { Authorization: `Bearer ${token}` };
  const ticket = await (
    await fetch(`${base}/sessions/${started.id}/live-ticket`, { method: "POST", headers: auth })
  ).json();
  const ws = new WebSocket(
    `${base.replace(/^http/, "ws")}/sessions/${started.id}/live?after_seq=1&ticket=${ticket.ticket}`,
  );
  const ready = new Promise((resolve) =>
    ws.addEventListener("message", (event) => {
      if (JSON.parse(event.data).type === "ready") resolve();
    }),
  );
  await ready;
  const t0 = performance.now();
  const seen = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${WAIT_MS} ms`)), WAIT_MS);
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "draft" && firstDraft.ms === undefined) {
        firstDraft.ms = performance.now() - t0;
      }
      if (frame.type === "message" && until(frame.message)) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    });
  });
  const posted = await fetch(`${base}/sessions/${started.id}/messages`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ content: question }),
  });
  if (posted.status !== 201) throw new Error(`POST message answered ${posted.status}`);
  try {
    return await seen;
  } finally {
    ws.close();
  }
}

/** Starts a responder Worker of ours, runs both measurements, prints them and returns the results. */
export async function runResponder({ workDir, script }) {
  process.env.WRANGLER_SEND_METRICS = "false";
  await mkdir(workDir, { recursive: true });
  const model = startModel();
  const modelPort = await freePort();
  await new Promise((resolve) => model.server.listen(modelPort, "127.0.0.1", resolve));
  const secret = newSecret();
  const vars = {
    LOG_LEVEL: "warn",
    AI_RESPONDER: "true",
    AI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
    AI_MODEL: "bench-model",
    AI_TIMEOUT_MS: String(BUDGET_MS),
    AI_MAX_TURNS: "50",
    ...(STREAM && { AI_STREAM: "true" }),
  };
  const worker = {
    name: "ours-responder",
    config: await writeBenchConfig(workDir),
    extraArgs: [
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      ...keyArgs(secret),
    ],
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  if (!script)
    script = (await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"))).script;
  await mkdir(worker.persistDir, { recursive: true });
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);
  try {
    const admin = await mintToken(secret, { sub: "bench-admin", role: "admin" });
    const article = await fetch(`${worker.url}/kb/articles`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Refund policy", body: "Refunds are paid within 14 days." }),
    });
    if (article.status !== 201) throw new Error(`POST /kb/articles answered ${article.status}`);

    const answered = [];
    const firstWords = [];
    for (let i = 0; i < MESSAGES; i++) {
      const draft = {};
      answered.push(
        await timeOne(
          worker.url,
          `What is the refund policy? (${i})`,
          (m) => m.author_type === "bot",
          draft,
        ),
      );
      if (draft.ms !== undefined) firstWords.push(draft.ms);
    }
    if (STREAM && firstWords.length !== MESSAGES) {
      throw new Error(`${MESSAGES - firstWords.length} streamed answers showed no draft`);
    }
    const handedOff = [];
    for (let i = 0; i < FAILURES; i++) {
      handedOff.push(
        await timeOne(worker.url, `[hang] refund policy? (${i})`, (m) =>
          m.content.includes("connecting you with a person"),
        ),
      );
    }
    const modelMs = median(model.held);
    const result = {
      date: new Date().toISOString(),
      settings: {
        modelDelayMs: MODEL_DELAY_MS,
        messages: MESSAGES,
        budgetMs: BUDGET_MS,
        ...(STREAM && { stream: true, pieceMs: PIECE_MS }),
      },
      ...(STREAM && {
        firstWords: { p50: median(firstWords), max: Math.max(...firstWords) },
      }),
      reply: {
        p50: median(answered),
        max: Math.max(...answered),
        modelP50: modelMs,
        overheadP50: median(answered) - modelMs,
      },
      handoff: {
        p50: median(handedOff),
        max: Math.max(...handedOff),
        target: BUDGET_MS + 100,
      },
    };
    result.pass = result.handoff.p50 <= result.handoff.target;
    printTable(
      ["measure", "p50", "max", "model p50", "overhead p50", "target", "result"],
      [
        ...(STREAM
          ? [
              [
                `first words, streamed (${MESSAGES})`,
                `${fmt(median(firstWords), 1)} ms`,
                `${fmt(Math.max(...firstWords), 1)} ms`,
                `${MODEL_DELAY_MS} ms to its first piece`,
                "",
                "",
                "",
              ],
            ]
          : []),
        [
          `${STREAM ? "whole answer stored" : "bot reply"} (${MESSAGES} messages)`,
          `${fmt(result.reply.p50, 1)} ms`,
          `${fmt(result.reply.max, 1)} ms`,
          `${fmt(modelMs, 1)} ms`,
          `${fmt(result.reply.overheadP50, 1)} ms`,
          "",
          "",
        ],
        [
          `handoff, model hangs (${FAILURES})`,
          `${fmt(result.handoff.p50, 1)} ms`,
          `${fmt(result.handoff.max, 1)} ms`,
          "",
          "",
          `<= ${result.handoff.target} ms`,
          result.pass ? "PASS" : "FAIL",
        ],
      ],
    );
    return result;
  } finally {
    model.server.closeAllConnections();
    model.server.close();
  }
}
