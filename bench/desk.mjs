// The desk scenario of the live bench: what the agents' live queue costs per stored message.
// Eight agents each follow the queue (GET /queue/live, one console each); 40 sessions start; each agent
// takes 4 of them (32 assigned, 8 waiting) and, as the web console does, follows each one it holds
// on the session's own room (watch=true). Then the customers post 10 messages into each session,
// 8 posters at a time, and the consoles count the queue frames those messages cause.
// Figures: queue frames per stored message (all consoles together), Durable Object requests per
// stored message (the Worker's request log: each POST's do_requests), and the POST's latency (median,
// p99) from just before it is sent to its answer; then the median of 40 POSTs sent one at a time.
// Correctness (a failure exits non-zero): every console that must see a session's last message (its
// assignee's, on the session's room; every console's queue for a waiting session) ends up with a
// frame showing that last seq; every POST is stored.
import { requestLines } from "./cost.mjs";
import { sleep } from "./dev.mjs";
import { fmt, median, percentile, printTable } from "./stats.mjs";

const SESSIONS = 40;
const CLAIMS_PER_AGENT = 4;
const MESSAGES = 10;
const POSTERS = 8;
const ALONE = 40;
const SETTLE_MS = 2_000;

/**
 * Runs the desk scenario against the Worker at `base`; `agents`: service-agent tokens; `readLog`:
 * the Worker's log so far (its request lines).
 */
export async function runDesk(base, agents, readLog) {
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
      consoles[i].held.set(session.id, await watchSession(base, token, session.id));
    }
  }
  await sleep(SETTLE_MS);
  for (const c of consoles) c.frames.length = 0;
  const logBefore = requestLines(await readLog()).length;

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
  const posts = requestLines(await readLog())
    .slice(logBefore)
    .filter((line) => line.method === "POST" && line.path.endsWith("/messages"));
  const doRequests = posts.reduce((sum, line) => sum + line.do_requests, 0);
  if (posts.length !== stored) failures.push(`desk: ${posts.length}/${stored} POSTs in the log`);

  const messageFrames = consoles.flatMap((c) => c.frames.filter((f) => f.change === "message"));
  let owed = 0;
  let seen = 0;
  for (const session of sessions) {
    owed += session.assignee === null ? consoles.length : 1;
    if (session.assignee !== null) {
      const room = consoles[session.assignee].held.get(session.id);
      if (room.lastSeq === session.lastSeq) seen++;
      continue;
    }
    for (const c of consoles) {
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
  for (const c of consoles) for (const socket of [c.ws, ...c.held.values()]) socket.close(1000);
  if (stored !== jobs.length) failures.push(`desk: ${stored}/${jobs.length} messages stored`);
  const sorted = latencies.toSorted((a, b) => a - b);
  const result = {
    name: "desk: 8 consoles, 40 sessions (32 assigned), 400 messages",
    consoles: consoles.length,
    stored,
    queueFrames: messageFrames.length,
    framesPerMessage: messageFrames.length / stored,
    doRequestsPerMessage: doRequests / stored,
    postP50: median(latencies),
    postP99: percentile(sorted, 0.99),
    alonePostP50: median(alone),
    lastStateSeen: `${seen}/${owed}`,
    failures,
  };
  console.log(
    "\nThe agents' live queue (ours): queue frames and Durable Object requests per stored message, POST latency\n",
  );
  printTable(
    [
      "scenario",
      "consoles",
      "messages",
      "queue frames",
      "frames/message",
      "DO req/message",
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
        fmt(result.doRequestsPerMessage, 2),
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
  const console_ = { index, ws, frames: [], held: new Map() };
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

/**
 * A console following a session it holds on the session's room (watch=true, as the web console's
 * desk does): the socket records the highest seq it was sent.
 */
async function watchSession(base, token, sessionId) {
  const res = await fetch(`${base}/sessions/${sessionId}/live-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 201) throw new Error(`session live ticket: ${res.status}`);
  const { ticket } = await res.json();
  const query = new URLSearchParams({ after_seq: "0", ticket, watch: "true" });
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/sessions/${sessionId}/live?${query}`);
  ws.lastSeq = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ready frame from the session")), 30_000);
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "message") ws.lastSeq = Math.max(ws.lastSeq, frame.message.seq);
      if (frame.type === "ready") {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.addEventListener("error", () => reject(new Error("session socket error")));
  });
  return ws;
}
