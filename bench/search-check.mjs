// A black-box check of search across conversations against `wrangler dev`: WRITERS customers post
// into sessions of two teams (each with a word of its team and a word of its own), agents add internal
// notes, while SEARCHERS agents (of one team each) and a supervisor search over and over. Then: an
// agent never found a session outside their team (or no team), a customer's search was refused (403),
// nothing answered 5xx, and once the writers stop every message is found by its own word.
// `npm run check:search`; settings (env): CHECK_WRITERS (16), CHECK_SEARCHERS (10), CHECK_ROUNDS (12).
import { runMain } from "./dev.mjs";
import { mintToken } from "./setup.mjs";
import { startSignedIn } from "./signed-in.mjs";
import { envNumber, fmt, median, percentile } from "./stats.mjs";

const WRITERS = envNumber("CHECK_WRITERS", 16, { positive: true });
const SEARCHERS = envNumber("CHECK_SEARCHERS", 10, { positive: true });
const ROUNDS = envNumber("CHECK_ROUNDS", 12, { positive: true });
const TEAMS = ["north", "south"];

await runMain("search check", "support-chat-search-check-", async (workDir) => {
  const { api, secret } = await startSignedIn(workDir, "ours-search-check");
  const failures = [];
  const expectThat = (ok, what) => ok || failures.push(what);
  const sam = await mintToken(secret, { sub: "sam", role: "supervisor", name: "Sam" });
  const agents = Array.from({ length: SEARCHERS }, (_, i) => ({
    id: `agent-${i}`,
    team: TEAMS[i % 2],
  }));
  for (const team of TEAMS) {
    const members = agents.filter((a) => a.team === team).map((a) => a.id);
    const made = await api("POST", "/teams", { id: team, name: team, members }, sam);
    if (made.status !== 201) throw new Error(`team ${team}: ${made.status}`);
  }
  for (const agent of agents) {
    agent.token = await mintToken(secret, { sub: agent.id, role: "service_agent", name: agent.id });
  }
  const noteWriter = await mintToken(secret, { sub: "noter", role: "supervisor", name: "Noter" });

  // Every message's own word, with its session and team, to find it by afterwards.
  const written = [];
  const teamOf = new Map();
  let writing = true;
  const writer = async (w) => {
    const team = TEAMS[w % 2];
    const started = await api("POST", "/sessions", { team_id: team });
    const { id, customer_token } = started.body;
    teamOf.set(id, team);
    for (let i = 0; i < ROUNDS; i++) {
      const own = `w${w}m${i}x${Math.random().toString(36).slice(2, 8)}`;
      const note = i % 4 === 3;
      const sent = note
        ? await api(
            "POST",
            `/sessions/${id}/messages`,
            { content: `${team}word note ${own}`, visibility: "internal" },
            noteWriter,
          )
        : await api(
            "POST",
            `/sessions/${id}/messages`,
            { content: `${team}word kettle ${own}` },
            customer_token.token,
          );
      expectThat(sent.status === 201, `writer ${w}: ${sent.status}`);
      written.push({ own, session: id, note });
    }
    // The customer tries to search.
    const refused = await api("GET", "/search/messages?q=kettle", undefined, customer_token.token);
    expectThat(refused.status === 403, `a customer's search answered ${refused.status}`);
  };

  const latencies = [];
  let searches = 0;
  const searcher = async (agent) => {
    while (writing) {
      for (const q of ["kettle", "northword", "southword", "note"]) {
        const t0 = performance.now();
        const found = await api("GET", `/search/messages?q=${q}&limit=50`, undefined, agent.token);
        latencies.push(performance.now() - t0);
        searches++;
        expectThat(found.status === 200, `${agent.id}: ${found.status}`);
        for (const hit of found.body.results ?? []) {
          const team = hit.session.team_id;
          expectThat(
            team === null || team === agent.team,
            `${agent.id} of ${agent.team} found a session of ${team}`,
          );
        }
      }
    }
  };
  const supervisor = async () => {
    while (writing) {
      const found = await api("GET", "/search/messages?q=kettle&limit=50", undefined, sam);
      expectThat(found.status === 200, `supervisor: ${found.status}`);
      searches++;
    }
  };

  const started = performance.now();
  const searching = [...agents.map(searcher), supervisor()];
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  writing = false;
  await Promise.all(searching);
  const seconds = (performance.now() - started) / 1000;

  // Every message is in the index, found by its own word by whoever may see it.
  for (const message of written) {
    const found = await api("GET", `/search/messages?q=${message.own}`, undefined, sam);
    const ids = (found.body.results ?? []).map((hit) => hit.session.id);
    expectThat(ids.length === 1 && ids[0] === message.session, `${message.own} found in ${ids}`);
    const agent = agents.find((a) => a.team === teamOf.get(message.session));
    const asAgent = await api("GET", `/search/messages?q=${message.own}`, undefined, agent.token);
    expectThat(asAgent.body.results.length === 1, `${agent.id} did not find ${message.own}`);
    const other = agents.find((a) => a.team !== teamOf.get(message.session));
    const asOther = await api("GET", `/search/messages?q=${message.own}`, undefined, other.token);
    expectThat(asOther.body.results.length === 0, `${other.id} found ${message.own}`);
  }

  latencies.sort((a, b) => a - b);
  console.log(
    `${written.length} messages by ${WRITERS} writers and ${searches} searches by ${SEARCHERS} agents and a supervisor in ${fmt(seconds, 1)} s; search latency under load: median ${fmt(median(latencies), 1)} ms, p95 ${fmt(percentile(latencies, 0.95), 1)} ms`,
  );
  if (failures.length) {
    throw new Error(
      `${failures.length} failures:\n${[...new Set(failures)].slice(0, 20).join("\n")}`,
    );
  }
  console.log(
    "search check: passed (no agent saw another team's session, customers refused, no 5xx, every message indexed)",
  );
});
