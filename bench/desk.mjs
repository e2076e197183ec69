// The desk scenario of the live bench: what the agents' live queue costs per stored message.
// Eight agents each follow the queue (GET /queue/live, one console each); 40 sessions start; each agent
// takes 4 of them (32 assigned, 8 waiting). Then the customers post 10 messages into each session,
// 8 posters at a time, and the consoles count the queue frames those messages cause.
// Figures: queue frames per stored message (all consoles together), and the POST's latency (median,
// p99) from just before it is sent to its answer; then the median of 40 POSTs sent one at a time.
// Correctness (a failure exits non-zero): every console that must see a session's last message (its
// assignee's, or every console for a waiting session) ends up with a frame showing that last seq;
// every POST is stored.
import { sleep } from "./dev.mjs";
import { fmt, median, percentile, printTable } from "./stats.mjs";

const SESSIONS = 40;
const CLAIMS_PER_AGENT = 4;
const MESSAGES = 10;
const POSTERS = 8;
const ALONE = 40;
const SETTLE_MS = 2_000;

/** Runs the desk scenario against the Worker at `base`; `agents`: service-agent tokens. */
export async function runDesk(base, agents) {
  const failures = [];
  const sessions = [];
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(`${base}/sessions`, {
      method: "POST",
      headers: { "cf-connecting-ip": `10.9.${i >> 8}.${i & 255}` },
    });
    if (res.status !== 201) throw new Error(`POST /sessions answered ${res.status}`);
    const body = await res.json();
    sessions.push({ id: body.id, customer: body.customer_token.token, assignee: null, lastSeq: 0 });
  }

  const consoles = await Promise.all(agents.map((token, i) => openConsole(base, token, i)));
  // Each agent takes 4 of the scenario's sessions (POST /sessions/{id}/take: these, not older ones).
  for (const [i, token] of agents.entries()) {
    for (const session of sessions.slice(i * CLAIMS_PER_AGENT, (i + 1) * CLAIMS_PER_AGENT)) {
      const res = await fetch(`${base}/sessions/${session.id}/take`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      });
      if (res.status !== 200) throw new Error(`POST /sessions/{id}/take answered ${res.status}`);
      session.assignee = i;
    }
  }
  await sleep(SETTLE_MS);
  for (const c of consoles) c.frames.length = 0;

  const jobs = [];
  for (let m = 0; m < MESSAGES; m++) for (const session of sessions) jobs.push(session);
  const latencies = [];
  let stored = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      while (next < jobs.length) {
        const session = jobs[next++];
        const sent = performance.now();
        const res = await fetch(`${base}/sessions/${session.id}/messages?limit=1`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${session.customer}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ content: "Where is my parcel?" }),
        });
        latencies.push(performance.now() - sent);
        const body = await res.json();
        if (res.status !== 201) failures.push(`desk: POST answered ${res.status}`);
        else {
          stored++;
          session.lastSeq = Math.max(session.lastSeq, body.message.seq);
        }
      }
    }),
  );
  await sleep(SETTLE_MS);
  await sleep(SETTLE_MS);

  const messageFrames = consoles.flatMap((c) => c.frames.filter((f) => f.change === "message"));
  let owed = 0;
  let seen = 0;
  for (const session of sessions) {
    const watchers = session.assignee === null ? consoles : [consoles[session.assignee]];
    for (const c of watchers) {
      owed++;
      const last = c.frames.filter((f) => f.session.id === session.id).at(-1);
      if (last?.session.last_seq === session.lastSeq) seen++;
    }
  }
  if (seen !== owed) failures.push(`desk: ${owed - seen} consoles missed a session's last message`);
  // Then one poster alone (no queueing behind other requests): the answer's own path.
  const alone = [];
  for (const session of sessions.slice(0, ALONE)) {
    const sent = performance.now();
    const res = await fetch(`${base}/sessions/${session.id}/messages?limit=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.customer}`, "content-type": "application/json" },
      body: JSON.stringify({ content: "Still there?" }),
    });
    await res.text();
    alone.push(performance.now() - sent);
    if (res.status !== 201) failures.push(`desk: POST alone answered ${res.status}`);
  }
  for (const c of consoles) c.ws.close(1000);
  if (stored !== jobs.length) failures.push(`desk: ${stored}/${jobs.length} messages stored`);
  const sorted = latencies.toSorted((a, b) => a - b);
  const result = {
    name: "desk: 8 consoles, 40 sessions (32 assigned), 400 messages",
    consoles: consoles.length,
    stored,
    queueFrames: messageFrames.length,
    framesPerMessage: messageFrames.length / stored,
    postP50: median(latencies),
    postP99: percentile(sorted, 0.99),
    alonePostP50: median(alone),
    lastStateSeen: `${seen}/${owed}`,
    failures,
  };
  console.log("\nThe agents' live queue (ours): queue frames per stored message, POST latency\n");
  printTable(
    [
      "scenario",
      "consoles",
      "messages",
      "queue frames",
      "frames/message",
      "POST p50",
      "POST p99",
      "POST p50, one poster",
      "last state seen",
    ],
    [
      [
        result.name,
        result.consoles,
        result.stored,
        result.queueFrames,
        fmt(result.framesPerMessage, 2),
        `${fmt(result.postP50, 1)} ms`,
        `${fmt(result.postP99, 1)} ms`,
        `${fmt(result.alonePostP50, 1)} ms`,
        result.lastStateSeen,
      ],
    ],
  );
  return result;
}

/** An agent's console on the live queue, recording every queue frame. */
async function openConsole(base, token, index) {
  const res = await fetch(`${base}/queue/live-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 201) throw new Error(`queue live ticket: ${res.status}`);
  const { ticket } = await res.json();
  const ws = new WebSocket(
    `${base.replace(/^http/, "ws")}/queue/live?ticket=${encodeURIComponent(ticket)}`,
  );
  const console_ = { index, ws, frames: [] };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ready frame from /queue/live")), 30_000);
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "ready") {
        clearTimeout(timer);
        resolve();
      } else if (frame.type === "queue") console_.frames.push(frame);
    });
    ws.addEventListener("error", () => reject(new Error("queue socket error")));
  });
  return console_;
}
