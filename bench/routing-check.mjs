// A black-box check of automatic assignment against `wrangler dev`, as clients would drive it: a fresh
// Worker of ours (the bundle of `wrangler deploy --dry-run`, the bench copy of wrangler.toml, a fresh
// signing key and local D1), three overlapping auto teams, ten agents with consoles open on the live
// queue, and a storm of session starts, status changes, capacity raises, resolves and transfers to a
// team, 16 at a time, while a watcher polls GET /agents. Then, over the API only: nobody was ever seen
// holding more than their capacity, no session had two agents, every assignee is a member of the
// session's team and has the skill it needs, the agent who stayed away and the one without a console
// got nothing, and no session waits while a member who could take it is online with room.
// `npm run check:routing`; settings (env): CHECK_SESSIONS (120), CHECK_SEED (7).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { bundleWorker, persistArgs, runMain, sleep, startDev, wrangler } from "./dev.mjs";
import { keyArgs, mintToken, newSecret, ROOT, writeBenchConfig } from "./setup.mjs";
import { envNumber } from "./stats.mjs";

const SESSIONS = envNumber("CHECK_SESSIONS", 120);
const SEED = envNumber("CHECK_SEED", 7);
const AGENTS = 10;
const CONCURRENCY = 16;

let state = SEED;
const pick = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const one = (items) => items[Math.floor(pick() * items.length)];

await runMain("routing check", "support-chat-routing-", async (workDir) => {
  process.env.WRANGLER_SEND_METRICS = "false";
  await mkdir(join(workDir, "state"), { recursive: true });
  const secret = newSecret();
  const worker = {
    name: "ours-routing",
    config: await writeBenchConfig(workDir),
    extraArgs: ["--var", "LOG_LEVEL:warn", ...keyArgs(secret)],
    readyPath: "/health",
    persistDir: join(workDir, "state"),
    logPath: join(workDir, "dev.log"),
  };
  const { script } = await bundleWorker(join(workDir, "bundle"), join(ROOT, "wrangler.toml"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(worker)]);
  await startDev(worker, script);
  const base = worker.url;

  const supervisor = await mintToken(secret, { sub: "check-sv", role: "supervisor", name: "Sv" });
  const api = async (method, path, body, token = supervisor, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 500) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  // Agents a0..a9: a0 chooses away and stays away; a9 never opens a console; a8 alone has lang:de.
  const ids = Array.from({ length: AGENTS }, (_, i) => `check-a${i}`);
  const tokens = await Promise.all(
    ids.map((sub) => mintToken(secret, { sub, role: "service_agent", name: sub })),
  );
  const teams = {
    north: ids.filter((_, i) => [0, 1, 2, 3, 9].includes(i)),
    south: ids.filter((_, i) => [2, 3, 4, 5, 6].includes(i)),
    east: ids.filter((_, i) => [0, 6, 7, 8].includes(i)),
  };
  for (const [id, members] of Object.entries(teams)) {
    const created = await api("POST", "/teams", { id, name: id, members });
    if (created.status !== 201) throw new Error(`team ${id}: ${created.status}`);
  }
  const capacity = new Map(ids.map((id, i) => [id, 1 + (i % 3)]));
  for (const [id, value] of capacity)
    await api("PUT", `/agents/${id}/capacity`, { capacity: value });
  await api("PUT", `/agents/${ids[8]}/skills`, { skills: ["lang:de"] });
  await api("PUT", "/agents/me/status", { status: "away" }, tokens[0]);
  const consoles = await Promise.all(
    ids.slice(0, 9).map((id, i) => openConsole(base, tokens[i], one(teamsOf(teams, id)))),
  );
  await waitFor(async () => {
    const { body } = await api("GET", "/agents");
    return body.agents.filter((a) => a.connected).length === 9;
  }, "every console connected");

  // The watcher: nobody seen over capacity (capacities only grow during the storm).
  let storming = true;
  const seen = [];
  let looks = 0;
  const watcher = (async () => {
    while (storming) {
      const { body } = await api("GET", "/agents");
      looks++;
      for (const agent of body.agents) {
        if (agent.assigned > (capacity.get(agent.id) ?? 0))
          seen.push(`${agent.id} held ${agent.assigned}`);
      }
    }
  })();

  const jobs = [];
  let ip = 0;
  for (let i = 0; i < SESSIONS; i++) {
    const team = one(Object.keys(teams));
    const skill = pick() < 0.15 ? { skill: "lang:de" } : {};
    const address = `10.77.${++ip >> 8}.${ip & 255}`;
    jobs.push(() =>
      api("POST", "/sessions", { team_id: team, ...skill }, supervisor, {
        "cf-connecting-ip": address,
      }),
    );
  }
  for (let i = 0; i < SESSIONS / 2; i++) {
    const who = 1 + Math.floor(pick() * 8);
    const status = pick() < 0.5 ? "away" : "online";
    jobs.push(() => api("PUT", "/agents/me/status", { status }, tokens[who]));
  }
  for (let i = 0; i < 15; i++) {
    const id = ids[1 + Math.floor(pick() * 8)];
    jobs.push(async () => {
      const raised = capacity.get(id) + 1;
      capacity.set(id, raised);
      await api("PUT", `/agents/${id}/capacity`, { capacity: raised });
    });
  }
  const assignedSessions = async () =>
    (await api("GET", "/sessions?status=assigned&limit=100")).body.sessions;
  for (let i = 0; i < SESSIONS / 3; i++) {
    jobs.push(async () => {
      const victim = one(await assignedSessions());
      if (victim) await api("POST", `/sessions/${victim.id}/resolve`, {});
    });
  }
  for (let i = 0; i < SESSIONS / 10; i++) {
    jobs.push(async () => {
      const moved = one(await assignedSessions());
      const to = one(Object.keys(teams).filter((t) => t !== moved?.team_id));
      if (moved) await api("POST", `/sessions/${moved.id}/transfer`, { team_id: to });
    });
  }
  jobs.sort(() => pick() - 0.5);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  await Promise.all(
    tokens.slice(1, 9).map((t) => api("PUT", "/agents/me/status", { status: "online" }, t)),
  );
  const seconds = (performance.now() - started) / 1000;
  storming = false;
  await watcher;

  // Every session, as supervisors read them.
  const sessions = [];
  for (let cursor = null; ; ) {
    const page = await api("GET", `/sessions?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    sessions.push(...page.body.sessions);
    if (!page.body.has_more) break;
    cursor = page.body.next_cursor;
  }
  const failures = [...new Set(seen)].map((s) => `seen over capacity: ${s}`);
  const free = new Map(capacity);
  for (const s of sessions) {
    if (s.status !== "assigned") continue;
    const holder = s.assignee.id;
    free.set(holder, free.get(holder) - 1);
    if (!teams[s.team_id]?.includes(holder))
      failures.push(`${s.id}: ${holder} is not in ${s.team_id}`);
    if (s.required_skill && holder !== ids[8])
      failures.push(`${s.id}: ${holder} lacks ${s.required_skill}`);
    if (holder === ids[0] || holder === ids[9])
      failures.push(`${s.id}: given to unavailable ${holder}`);
  }
  for (const s of sessions) {
    const { body } = await api("GET", `/sessions/${s.id}/participants`);
    const agents = body.participants.filter((p) => p.role !== "customer" && p.left_at === null);
    if (agents.length > 1) failures.push(`${s.id}: ${agents.length} agents at once`);
  }
  for (const s of sessions.filter((x) => x.status === "open")) {
    const couldTake = teams[s.team_id].filter(
      (id) =>
        id !== ids[0] && id !== ids[9] && free.get(id) > 0 && (!s.required_skill || id === ids[8]),
    );
    if (couldTake.length)
      failures.push(`${s.id} waits though ${couldTake.join(", ")} could take it`);
  }
  for (const c of consoles) c.close(1000);

  const counts = Object.groupBy(sessions, (s) => s.status);
  console.log(
    `routing check: ${jobs.length} operations in ${seconds.toFixed(1)} s, ${CONCURRENCY} at a time; ` +
      `${sessions.length} sessions (${Object.entries(counts)
        .map(([k, v]) => `${v.length} ${k}`)
        .join(", ")}); ` +
      `${looks} looks at the agents`,
  );
  if (sessions.length !== SESSIONS) failures.push(`${sessions.length}/${SESSIONS} sessions stored`);
  if (failures.length) {
    console.error(`FAIL:\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  } else
    console.log(
      "PASS: no assignment over capacity, twice, outside its team, without the skill, or to the unavailable; nothing waits that could be taken",
    );
});

function teamsOf(teams, id) {
  return Object.keys(teams).filter((t) => teams[t].includes(id));
}

async function waitFor(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** An agent's console on a team's live queue (a ticket, then the socket). */
async function openConsole(base, token, team) {
  const response = await fetch(`${base}/queue/live-ticket?team=${team}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 201) throw new Error(`queue ticket: ${response.status}`);
  const { ticket } = await response.json();
  const ws = new WebSocket(
    `${base.replace(/^http/, "ws")}/queue/live?team=${team}&ticket=${encodeURIComponent(ticket)}`,
  );
  await new Promise((resolve, reject) => {
    ws.addEventListener("message", (event) => {
      if (JSON.parse(event.data).type === "ready") resolve();
    });
    ws.addEventListener("error", () => reject(new Error("console socket error")));
  });
  return ws;
}
