// `npm run eval`: the AI first responder against the project's own help centre (bench/eval/help-centre.mjs)
// and question sets (bench/eval/questions.mjs; questions-added.mjs and questions-3.mjs to questions-8.mjs,
// each written after the ranking changed and before it was run),
// end to end through the service: a fresh Worker under `wrangler dev` with a fresh local D1, each question
// in a fresh session, once with no model (the offline responder) and once with a scripted model (an
// OpenAI-compatible endpoint played by bench/eval/scripted-model.mjs). Prints, per set and responder:
// right, wrong, missed, declined, invented (see docs/responder.md, "The eval").
// Settings (env): EVAL_ONLY=offline|model, EVAL_CONCURRENCY (4), EVAL_MATCH (a regular expression: only
// the questions it matches, to look into a few).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { bundleWorker, freePort, persistArgs, runMain, startDev, wrangler } from "../dev.mjs";
import { keyArgs, mintToken, newSecret, ROOT, writeBenchConfig } from "../setup.mjs";
import { printTable } from "../stats.mjs";
import { ARTICLES, SYNONYMS } from "./help-centre.mjs";
import { QUESTIONS } from "./questions.mjs";
import { THIRD_QUESTIONS } from "./questions-3.mjs";
import { FOURTH_QUESTIONS } from "./questions-4.mjs";
import { FIFTH_QUESTIONS } from "./questions-5.mjs";
import { SIXTH_QUESTIONS } from "./questions-6.mjs";
import { SEVENTH_QUESTIONS } from "./questions-7.mjs";
import { EIGHTH_QUESTIONS } from "./questions-8.mjs";
import { ADDED_QUESTIONS } from "./questions-added.mjs";
import { startScriptedModel } from "./scripted-model.mjs";

const ONLY = process.env.EVAL_ONLY ?? "";
const CONCURRENCY = Number(process.env.EVAL_CONCURRENCY ?? 4);
const MATCH = new RegExp(process.env.EVAL_MATCH ?? "", "i");
const WAIT_MS = 20_000;
/** Every set by name, each question asked once (those EVAL_MATCH matches). */
const SETS = [
  ["questions", QUESTIONS],
  ["added", ADDED_QUESTIONS],
  ["third", THIRD_QUESTIONS],
  ["fourth", FOURTH_QUESTIONS],
  ["fifth", FIFTH_QUESTIONS],
  ["sixth", SIXTH_QUESTIONS],
  ["seventh", SEVENTH_QUESTIONS],
  ["eighth", EIGHTH_QUESTIONS],
].map(([name, questions]) => [name, questions.filter(({ q }) => MATCH.test(q))]);
/** English handoff notices start with one of these; another language's never do. */
const ENGLISH_NOTICE = /^(Connecting|This needs|I could not|Sorry)/;

await runMain("eval", "support-chat-eval-", async (workDir) => {
  process.env.WRANGLER_SEND_METRICS = "false";
  const { script } = await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"));
  const rows = [];
  for (const responder of ["offline", "model"]) {
    if (ONLY && ONLY !== responder) continue;
    const results = await runResponder(responder, join(workDir, responder), script);
    for (const [name, questions] of SETS) {
      const tally = score(questions, results);
      rows.push([responder, `${name} (${questions.length})`, ...figures(tally)]);
      for (const line of tally.wrongs) console.log(`  ${responder}: ${line}`);
    }
    const every = SETS.flatMap(([, questions]) => questions);
    rows.push([responder, `all (${every.length})`, ...figures(score(every, results))]);
  }
  console.log("");
  printTable(
    [
      "responder",
      "set",
      "right",
      "wrong",
      "missed",
      "declined",
      "invented",
      "suggested",
      "notice in language",
    ],
    rows,
  );
});

/** Starts a Worker for one responder, writes the help centre, asks every question; results by question. */
async function runResponder(responder, workDir, script) {
  await mkdir(workDir, { recursive: true });
  const secret = newSecret();
  const vars = {
    LOG_LEVEL: process.env.EVAL_LOG_LEVEL ?? "warn",
    AI_RESPONDER: "true",
    AI_MAX_TURNS: "50",
  };
  let model = null;
  if (responder === "model") {
    model = await startScriptedModel(await freePort());
    Object.assign(vars, { AI_BASE_URL: model.url, AI_MODEL: "eval-model", AI_TIMEOUT_MS: "5000" });
  }
  const worker = {
    name: `ours-eval-${responder}`,
    config: await writeBenchConfig(workDir),
    extraArgs: [
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      ...keyArgs(secret),
    ],
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  await mkdir(worker.persistDir, { recursive: true });
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);
  console.log(`${responder}: wrangler dev's log in ${worker.logPath}`);
  try {
    const admin = await mintToken(secret, { sub: "eval-admin", role: "admin" });
    const ids = await writeHelpCentre(worker.url, admin);
    const keys = new Map([...ids].map(([key, id]) => [id, key]));
    const all = SETS.flatMap(([, questions]) => questions);
    const results = new Map();
    let next = 0;
    const askNext = async () => {
      while (next < all.length) {
        const question = all[next++];
        const outcome = await ask(worker.url, question);
        results.set(question, {
          ...outcome,
          invented: model?.outsideCitation(question.q) ?? false,
          keys,
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, askNext));
    return results;
  } finally {
    model?.close();
  }
}

/** Writes the articles (with their phrasings) and the synonyms; the articles' ids by key. */
async function writeHelpCentre(base, token) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const ids = new Map();
  for (const { key, locale = "en", ...article } of ARTICLES) {
    const response = await fetch(`${base}/kb/articles`, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...article, locale }),
    });
    if (response.status !== 201) throw new Error(`POST /kb/articles answered ${response.status}`);
    ids.set(key, (await response.json()).id);
  }
  for (const synonym of SYNONYMS) {
    const response = await fetch(`${base}/kb/synonyms/${encodeURIComponent(synonym.term)}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ synonyms: synonym.synonyms }),
    });
    // A service without a synonym list (the responder before it had one) answers 404.
    if (![200, 404].includes(response.status)) {
      throw new Error(`POST /kb/synonyms answered ${response.status}`);
    }
  }
  return ids;
}

/**
 * One question in a fresh session, in the customer's language: what the responder did with it
 * (answered from an article, offered suggestions, or handed off with a notice).
 */
async function ask(base, { q, locale = "en" }) {
  const started = await fetch(`${base}/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ locale }),
  });
  if (started.status !== 201) throw new Error(`POST /sessions answered ${started.status}`);
  const session = await started.json();
  const auth = { Authorization: `Bearer ${session.customer_token.token}` };
  const posted = await fetch(`${base}/sessions/${session.id}/messages`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ content: q }),
  });
  if (posted.status !== 201) throw new Error(`POST message answered ${posted.status}`);
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const page = await (await fetch(`${base}/sessions/${session.id}`, { headers: auth })).json();
    const bot = page.messages.find((m) => m.author_type === "bot");
    if (bot?.suggestions?.length) {
      return { kind: "suggested", articles: bot.suggestions.map((s) => s.id) };
    }
    if (bot) return { kind: "answered", articles: (bot.sources ?? []).map((s) => s.id) };
    if (page.status !== "bot") {
      const notice = page.messages.findLast((m) => m.author_type === "system")?.content ?? "";
      return { kind: "declined", notice };
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`no answer or handoff for "${q}" within ${WAIT_MS} ms`);
}

/**
 * right: answered from the expected article; wrong: from another; missed: an answerable question handed
 * off; declined: one nothing answers handed off; invented: one nothing answers answered, or an answer
 * whose model cited an article it was not given. Suggestions are counted apart (their own column).
 */
function score(questions, results) {
  const tally = {
    right: 0,
    wrong: 0,
    missed: 0,
    declined: 0,
    invented: 0,
    answerable: 0,
    unanswerable: 0,
    suggested: 0,
    suggestedRight: 0,
    notices: 0,
    noticesInLanguage: 0,
    wrongs: [],
  };
  for (const question of questions) {
    const result = results.get(question);
    const expected =
      question.expect &&
      result.keys &&
      [...result.keys].find(([, k]) => k === question.expect)?.[0];
    const got = result.articles?.map((id) => result.keys.get(id)) ?? [];
    if (question.expect) tally.answerable++;
    else tally.unanswerable++;
    if (result.kind === "declined" && (question.locale ?? "en") !== "en") {
      tally.notices++;
      if (!ENGLISH_NOTICE.test(result.notice)) tally.noticesInLanguage++;
    }
    if (result.kind === "suggested") {
      tally.suggested++;
      if (expected && result.articles.includes(expected)) tally.suggestedRight++;
      else
        tally.wrongs.push(
          `suggested ${got.join(", ")} for "${question.q}" (${question.expect ?? "none"})`,
        );
      continue;
    }
    if (result.invented && result.kind === "answered") {
      tally.invented++;
      tally.wrongs.push(`invented for "${question.q}"`);
    } else if (!question.expect) {
      if (result.kind === "declined") tally.declined++;
      else {
        tally.invented++;
        tally.wrongs.push(`answered ${got.join(", ")} for "${question.q}" (none answers it)`);
      }
    } else if (result.kind === "declined") {
      tally.missed++;
      tally.wrongs.push(`missed "${question.q}" (${question.expect})`);
    } else if (result.articles[0] === expected) tally.right++;
    else {
      tally.wrong++;
      tally.wrongs.push(`answered ${got.join(", ")} for "${question.q}" (${question.expect})`);
    }
  }
  return tally;
}

function figures(t) {
  const pct = (n, of) => `${n}/${of} (${of ? Math.round((100 * n) / of) : 0} %)`;
  return [
    pct(t.right, t.answerable),
    pct(t.wrong, t.answerable),
    pct(t.missed, t.answerable),
    pct(t.declined, t.unanswerable),
    String(t.invented),
    `${t.suggested} (${t.suggestedRight} with the right one)`,
    `${t.noticesInLanguage}/${t.notices}`,
  ];
}
