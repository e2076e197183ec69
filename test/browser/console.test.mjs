// The agent console as agents and supervisors use it, against a real `wrangler dev` (sample team
// "support", routed automatically) in Debian's Chromium: a conversation longer than the window, a
// phone's width, the transfer picker, the team view and the dashboard, with hostile text (right-to-
// left overrides, long names) in every field people type. Screenshots go to test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  apiOf,
  axe,
  inWindow,
  linesOf,
  pageOverflow,
  signInWithToken,
  visualOrder,
  WAIT,
  watch,
} from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const RLO = "\u202e"; // RIGHT-TO-LEFT OVERRIDE: reverses what follows, unless isolated
const run = Math.random().toString(36).slice(2, 8);
const CUSTOMER = `Zoë Ångström-Øverby de la Cruz y Montenegro ${RLO}`;
const REASON = `Charged twice, wants a refund ${RLO}`;
// Her token names her with a right-to-left override; the service shows a token's name without it.
const MALLORY = { id: `mallory-${run}@idp.example.com`, name: `Mallory ${RLO}`, shown: "Mallory" };
const MAX = { id: `max-${run}`, name: "Maximilian Alexander von Hohenzollern-Sigmaringen" };
const NINA = { id: `nina-${run}`, name: "Nina" };
const LAST_WORDS = "That is all, thank you.";
/**
 * The long conversation's row in a list: its preview is the customer's last words, not the
 * escalation's note the service wrote after them.
 */
const LONG_ROW = { hasText: LAST_WORDS };

let api;
let alice;
let sam;
let tokens;
/** The long conversation: its id, the customer's token for it. */
let long;
const pageErrors = [];

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function consolePage(viewport, who) {
  const context = await suite.browser.newContext({ viewport });
  return watch(await context.newPage(), who, pageErrors);
}

async function signInAs(page, preset) {
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: `Sign in as ${preset}` }).click();
  await page.locator(".connection.live").waitFor(WAIT);
}

/** Starts a session in `team` (as the customer whose token is given, or anonymously). */
async function startSession(team, customerToken = null) {
  const started = await api.post("/sessions", customerToken, { team_id: team });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return { id: started.body.id, token: started.body.customer_token.token, body: started.body };
}

async function say(sessionId, token, content) {
  const sent = await api.post(`/sessions/${sessionId}/messages`, token, { content });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
}

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      tokens = {
        alice: await api.agentToken("alice", "Alice"),
        sam: await api.agentToken("sam", "Sam", "supervisor"),
      };
    },
  },
);

test("with nothing measured yet, the dashboard says why service levels have no figure", async () => {
  sam = await consolePage({ width: 1280, height: 800 }, "sam");
  await signInAs(sam, "Sam, supervisor");
  await sam.getByText("Open a conversation from the list,").waitFor(WAIT);
  await shot(sam, "console-nothing-open.png");
  await sam.keyboard.press("5");
  const figure = sam.locator(".figures > div", { hasText: "Service levels met" });
  await figure.waitFor(WAIT);
  assert.match(await figure.textContent(), /no chat in a team with targets/i);
  await sam.getByText("No handoffs in these days.").waitFor(WAIT);
});

test("the sign-in's buttons stay where they are shown while the ways to sign in load", async () => {
  const page = await consolePage({ width: 390, height: 844 }, "sign-in, slow options");
  // The ways to sign in answered late, as on a slow connection: pressing a button shown before
  // must not find it moved (a section appearing above it once sent the press to empty space).
  await page.route("**/sign-in/options", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await page.goto(`${suite.server.origin}/console/`);
  const button = page.getByRole("button", { name: "Sign in with this token" });
  await button.waitFor(WAIT);
  const shown = await button.boundingBox();
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).waitFor(WAIT);
  await page.waitForTimeout(200); // the next frame's layout
  assert.deepEqual(await button.boundingBox(), shown);
  await page.context().close();
});

test("a conversation longer than the window: the console fits it, only the transcript and lists scroll", async () => {
  // Sam (a member too) supervises: away, routing gives every chat to Alice.
  assert.equal((await api.put("/agents/me/status", tokens.sam, { status: "away" })).status, 200);
  alice = await consolePage({ width: 1280, height: 800 }, "alice");
  await signInAs(alice, "Alice, agent");
  const first = await startSession("support");
  const zoe = await api.customerToken(`zoe-${run}`, CUSTOMER, first.id);
  assert.equal((await api.post(`/sessions/${first.id}/resolve`, tokens.alice, {})).status, 200);
  // An earlier session of the same customer, still open.
  const earlier = await startSession("support", zoe);
  await say(earlier.id, earlier.token, `I was charged twice ${RLO}`);
  long = await startSession("support", zoe);
  // The customer reads her name; as the supervisor sees it, it went to Alice.
  assert.deepEqual(long.body.assignee, { name: "Alice" });
  const routed = (await api.get(`/sessions/${long.id}`, tokens.sam)).body;
  assert.equal(routed.assignee?.id, "alice", "routed to Alice, online with her console open");
  for (let i = 1; i <= 30; i++) {
    await say(long.id, long.token, `Message ${i} from the customer: ${"words ".repeat(i % 7)}`);
    await say(long.id, tokens.alice, `Answer ${i} from Alice.`);
  }
  await say(long.id, long.token, LAST_WORDS);
  await api.post(`/sessions/${long.id}/escalate`, tokens.alice, { reason: REASON });
  // More than fit: Alice gets three more (her capacity, 5), the rest wait.
  for (let i = 0; i < 14; i++) await startSession("support");

  await alice.getByRole("button", { name: /^Mine \(5\)/ }).waitFor(WAIT);
  await alice.keyboard.press("2");
  const row = alice.locator(".row", LONG_ROW);
  await row.locator(".unread").waitFor(WAIT);
  // A name that wraps leaves the status pill and the unread badge their shape.
  assert.ok((await linesOf(row.locator(".who"))) > 1, "the long name wraps");
  for (const badge of [row.locator(".status"), row.locator(".unread")]) {
    const box = await badge.boundingBox();
    assert.ok(
      box.height <= 24 && box.width <= 90,
      `${await badge.textContent()}: ${box.width}x${box.height}`,
    );
  }
  await row.click();
  const transcript = alice.getByRole("log", { name: "Transcript" });
  await transcript.getByText(LAST_WORDS).waitFor(WAIT);
  await shot(alice, "console-long-conversation.png");

  assert.deepEqual(
    await pageOverflow(alice),
    { vertical: 0, horizontal: 0 },
    "the page itself never scrolls",
  );
  for (const part of [".top", "nav", ".composer textarea", ".composer button[type=submit]"]) {
    assert.ok(await inWindow(alice.locator(part).first()), `${part} stays on screen`);
  }
  const log = await transcript.evaluate((el) => ({
    scroll: el.scrollHeight,
    client: el.clientHeight,
  }));
  assert.ok(log.scroll > 2 * log.client, `the transcript scrolls: ${JSON.stringify(log)}`);
  const logBox = await transcript.boundingBox();
  const last = await transcript.getByText(LAST_WORDS).boundingBox();
  assert.ok(
    last.y >= logBox.y && last.y + last.height <= logBox.y + logBox.height + 1,
    "the newest message is in view",
  );

  await alice.keyboard.press("1");
  const queue = alice.locator(".queue");
  await queue.locator(".row").nth(10).waitFor(WAIT);
  const lists = await queue.evaluate((el) => el.scrollHeight > el.clientHeight);
  assert.ok(lists, "the waiting list scrolls in its pane");
  assert.deepEqual(await pageOverflow(alice), { vertical: 0, horizontal: 0 });
  await alice.keyboard.press("2");
});

test("the greeting reads as the service's own line, not as an agent's", async () => {
  const greeting = alice.getByRole("log", { name: "Transcript" }).locator("li").first();
  assert.match(await greeting.textContent(), /^Automatic greeting/);
  assert.doesNotMatch(await greeting.textContent(), /^Agent/);
  const [box, log] = [await greeting.boundingBox(), await alice.locator(".log").boundingBox()];
  const offCentre = Math.abs(box.x + box.width / 2 - (log.x + log.width / 2));
  assert.ok(offCentre < 20, `centred like the service's messages (${offCentre} px off)`);
});

test("user text never reorders the console's own words (bidi isolation)", async () => {
  const meta = alice.locator(".conversation header .meta");
  await meta.getByText(/Charged twice/).waitFor(WAIT);
  assert.deepEqual(await visualOrder(meta, "started", "ago"), { leftToRight: true, oneLine: true });
  // The customer's panel lists her conversations, with their newest messages.
  const earlier = alice.locator(".contact li:not([aria-current])").first();
  await earlier.waitFor(WAIT);
  assert.deepEqual(await visualOrder(earlier, "started", "ago"), {
    leftToRight: true,
    oneLine: true,
  });
  assert.equal(await alice.locator(".conversation h2 bdi").count(), 1, "the customer's name");
  const rows = await alice.locator(".queue .row").count();
  assert.equal(await alice.locator(".row .who bdi").count(), rows, "names in the list");
  assert.equal(await alice.locator(".row .preview bdi").count(), rows, "previews in the list");
  assert.ok((await alice.locator(".log .message p[dir=auto]").count()) > 60, "messages");
  assert.deepEqual(await axe(alice), [], "conversation");
});

test("the header shows the agent's name and how many chats they hold, live", async () => {
  const created = await api.post("/teams", tokens.sam, {
    id: `night-${run}`,
    name: `Night ${RLO} shift`,
    routing: "auto",
    members: [NINA.id],
  });
  assert.equal(created.status, 201);
  const nina = await consolePage({ width: 1280, height: 800 }, "nina");
  await signInWithToken(nina, suite.server.origin, await api.agentToken(NINA.id, NINA.name));
  await nina.getByText("Nina (agent)").waitFor(WAIT);
  await nina.locator(".load", { hasText: "0 of 5 chats" }).waitFor(WAIT);
  await startSession(`night-${run}`);
  await nina.getByRole("button", { name: /^Mine \(1\)/ }).waitFor(WAIT);
  await nina.locator(".load", { hasText: "1 of 5 chats" }).waitFor(WAIT);
  await nina.context().close();
});

test("a held chat's unread count follows the customer live, without the chat open", async () => {
  const otto = { id: `otto-${run}`, name: "Otto" };
  const team = `late-${run}`;
  const created = await api.post("/teams", tokens.sam, {
    id: team,
    name: "Late shift",
    routing: "auto",
    members: [otto.id],
  });
  assert.equal(created.status, 201);
  const token = await api.agentToken(otto.id, otto.name);
  const page = await consolePage({ width: 1280, height: 800 }, "otto");
  await signInWithToken(page, suite.server.origin, token);
  await page.locator(".load", { hasText: "0 of 5 chats" }).waitFor(WAIT);
  const held = await startSession(team);
  await page.getByRole("button", { name: /^Mine \(1\)/ }).click();
  const unreadOf = async () => {
    const mine = await api.get("/sessions?assignee=me&status=assigned", token);
    return mine.body.sessions.find((row) => row.id === held.id).unread;
  };
  for (const [i, words] of ["Is anyone there?", "My order never came."].entries()) {
    await say(held.id, held.token, words);
    const row = page.locator(".row", { hasText: words });
    await row.waitFor(WAIT);
    // Unread since Otto joined: the customer's messages.
    const unread = await unreadOf();
    assert.equal(unread, i + 1);
    await row.locator(".unread", { hasText: String(unread) }).waitFor(WAIT);
  }
  await shot(page, "console-held-unread.png");
  await page.context().close();
});

test("at a phone's width: one column, the list or the conversation with a way back", async () => {
  const phone = await consolePage({ width: 390, height: 844 }, "alice on a phone");
  await signInAs(phone, "Alice, agent");
  await phone.getByRole("button", { name: /^Mine \(/ }).click();
  const row = phone.locator(".row", LONG_ROW);
  await row.waitFor(WAIT);
  assert.equal(await phone.locator(".conversation").count(), 0, "no conversation beside the list");
  assert.deepEqual(await pageOverflow(phone), { vertical: 0, horizontal: 0 });
  await shot(phone, "console-phone-list.png");
  await row.click();
  const transcript = phone.getByRole("log", { name: "Transcript" });
  await transcript.getByText(LAST_WORDS).waitFor(WAIT);
  // The customer's details wait behind "Customer": the transcript keeps the screen.
  await phone.getByRole("button", { name: "Customer", exact: true }).waitFor(WAIT);
  assert.equal(await phone.locator(".contact").isVisible(), false);
  const [log, newest] = [
    await transcript.boundingBox(),
    await transcript.locator("li").last().boundingBox(),
  ];
  assert.ok(
    Math.abs(newest.y + newest.height - (log.y + log.height)) < 30,
    "the newest message is in view",
  );
  assert.equal(await phone.locator(".queue").isVisible(), false, "the list makes way");
  assert.equal(await phone.locator("nav.views").isVisible(), false, "the tabs make way too");
  // The bar is one line (connection, availability, search): the title and signing out wait on the list.
  const bar = await phone.locator("header.top").boundingBox();
  assert.ok(bar.height < 50, `the bar is ${bar.height} px high`);
  await phone.getByRole("button", { name: "Available for chats" }).waitFor(WAIT);
  assert.equal(await phone.getByRole("button", { name: "Sign out" }).isVisible(), false);
  // Offline it stays one line ("Offline"; the conversation's own banner says what that means).
  await phone.context().setOffline(true);
  const connection = phone.locator("header.top .connection.offline");
  await connection.waitFor(WAIT);
  assert.equal(await connection.innerText(), "Offline");
  const offlineBar = await phone.locator("header.top").boundingBox();
  assert.ok(offlineBar.height < 50, `offline, the bar is ${offlineBar.height} px high`);
  await shot(phone, "console-phone-offline.png");
  await phone.context().setOffline(false);
  await phone.locator("header.top .connection.live").waitFor(WAIT);
  assert.ok(await inWindow(phone.locator(".composer textarea")), "the composer is on screen");
  assert.deepEqual(await pageOverflow(phone), { vertical: 0, horizontal: 0 });
  await shot(phone, "console-phone-conversation.png");
  assert.deepEqual(await axe(phone), [], "phone conversation");
  await phone.getByRole("button", { name: "Back to the list" }).click();
  await row.waitFor(WAIT);
  await phone.getByRole("button", { name: "Sign out" }).waitFor(WAIT);
  await phone.context().close();
});

test("the transfer picker offers people and teams by name, with status and load", async () => {
  const team = (await api.get("/teams/support", tokens.sam)).body;
  const members = [...team.members, "bob", MALLORY.id, MAX.id, NINA.id];
  const { id: _, created_at: __, updated_at: ___, ...fields } = team;
  assert.equal((await api.put("/teams/support", tokens.sam, { ...fields, members })).status, 200);
  await api.put("/agents/me/status", await api.agentToken("bob", "Bob"), { status: "online" });
  await api.put("/agents/me/status", await api.agentToken(MALLORY.id, MALLORY.name), {
    status: "away",
  });
  await api.put("/agents/me/status", await api.agentToken(MAX.id, MAX.name), { status: "online" });

  // A slow line: the picker says it is looking until the answer comes.
  await alice.route("**/transfer-targets", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await alice.getByRole("button", { name: "Transfer" }).click();
  await alice.getByText("Finding who could take it…").waitFor(WAIT);
  const picker = alice.getByRole("radiogroup", { name: /Transfer to/ });
  const mallory = picker.locator("label", { hasText: "Mallory" });
  await mallory.waitFor(WAIT);
  const labels = await picker.locator("label").allTextContents();
  assert.ok(
    labels.some((l) => l.startsWith("Bob")),
    labels.join(" | "),
  );
  assert.ok(
    labels.some((l) => l.startsWith(`Night ${RLO} shift`)),
    "the other teams",
  );
  assert.ok(
    !labels.some((l) => /alice|mallory-|Customer support/.test(l)),
    "no ids, not her, not its own team",
  );
  assert.deepEqual(await visualOrder(mallory, "offline", "chats"), {
    leftToRight: true,
    oneLine: true,
  });
  await shot(alice, "console-transfer.png");
  assert.deepEqual(await axe(alice), [], "transfer picker");

  const sent = alice.waitForRequest((r) => r.url().endsWith("/transfer") && r.method() === "POST");
  await picker.locator("label", { hasText: "Bob" }).click();
  await alice.locator(".action-form").getByRole("button", { name: "Transfer" }).click();
  assert.deepEqual((await sent).postDataJSON(), { agent_id: "bob", agent_name: "Bob" });
  await picker.waitFor({ state: "detached", ...WAIT });
  await alice
    .getByRole("log", { name: "Transcript" })
    .getByText(/handed the chat over to Bob/)
    .waitFor(WAIT);
  const read = await api.get(`/sessions/${long.id}?limit=5`, long.token);
  const handover = read.body.messages.find(
    (m) => m.author_type === "system" && /handed/.test(m.content),
  );
  assert.match(handover.content, /to Bob$/, "the customer reads a name");
});

test("offline and back: the console says so, keeps its shape, and is live again", async () => {
  await alice.context().setOffline(true);
  await alice.locator(".connection.offline").waitFor(WAIT);
  await alice
    .getByText("Reconnecting… what you write is sent when the line is back.")
    .waitFor(WAIT);
  assert.deepEqual(await pageOverflow(alice), { vertical: 0, horizontal: 0 });
  assert.ok(await inWindow(alice.locator(".composer textarea")), "the composer stays on screen");
  const transcript = alice.getByRole("log", { name: "Transcript" });
  const [log, newest] = [
    await transcript.boundingBox(),
    await transcript.locator("li").last().boundingBox(),
  ];
  assert.ok(newest.y + newest.height <= log.y + log.height + 1, "the newest message stays in view");
  assert.ok(newest.y >= log.y, "the transcript kept its place");
  await shot(alice, "console-offline.png");
  await alice.context().setOffline(false);
  await alice.locator(".connection.live").waitFor(WAIT);
  await alice.locator(".banner").waitFor({ state: "detached", ...WAIT });
});

test("the team view: numbers, names and times that fit", async () => {
  await sam.keyboard.press("4");
  const table = sam.getByRole("table");
  const row = (name) =>
    table.getByRole("row").filter({ has: sam.getByRole("rowheader", { name }) });
  await row("Alice").waitFor(WAIT);
  assert.match(await row("Alice").textContent(), /\d+ of 5/);
  assert.doesNotMatch(await table.textContent(), /default/);
  const teams = row("Nina").locator("td").nth(2);
  assert.deepEqual(await visualOrder(teams, "Customer", "support"), {
    leftToRight: true,
    oneLine: true,
  });
  for (const since of await table.locator("td.since").all()) assert.equal(await linesOf(since), 1);
  const [agent, whole] = [
    await table.locator("th").first().boundingBox(),
    await table.boundingBox(),
  ];
  assert.ok(agent.width < whole.width * 0.4, `the agent column: ${agent.width} of ${whole.width}`);
  await shot(sam, "console-team.png");
  assert.deepEqual(await axe(sam), [], "team view");
});

test("the dashboard: agents by name, labels that fit, calm colours with a legend", async () => {
  const waiting = (await api.get("/sessions?status=open&limit=10", tokens.sam)).body.sessions;
  for (const [session, agent] of [
    [waiting[0], MALLORY],
    [waiting[1], MAX],
  ]) {
    assert.equal(
      (await api.post(`/sessions/${session.id}/assign`, tokens.sam, { agent_id: agent.id })).status,
      200,
    );
  }
  await sam.keyboard.press("5");
  const chart = sam.locator("figure").first();
  await chart
    .locator(".ct-bar")
    .first()
    .waitFor({ state: "attached", ...WAIT });
  const labels = chart.locator(".ct-label.ct-vertical, .ct-label.ct-horizontal");
  const texts = await labels.allTextContents();
  for (const name of ["Alice", "Bob", MALLORY.shown, MAX.name])
    assert.ok(texts.includes(name), `${name} in ${texts}`);
  assert.ok(!texts.some((t) => t.includes("mallory-")), "no ids");
  for (const label of await labels.all()) {
    const fits = await label.evaluate(
      (el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    );
    assert.ok(fits, `"${await label.textContent()}" is not clipped`);
  }
  // Each series in a calm colour of its own, which the legend names: the bars of the "Handled"
  // colour add up to the table's handled column.
  const series = await chart.evaluate((figure) =>
    ["a", "b"].map((s) => {
      const bars = [...figure.querySelectorAll(`.ct-series-${s} .ct-bar`)];
      const total = bars.reduce((sum, bar) => sum + Number(bar.getAttribute("ct:value")), 0);
      return { colour: getComputedStyle(bars[0]).stroke, total };
    }),
  );
  assert.notEqual(series[0].colour, series[1].colour);
  for (const { colour } of series) {
    const [r, g, b] = colour.match(/\d+/g).map(Number);
    assert.ok(!(r > 150 && g < 110 && b < 110), `${colour} is not an alarm red`);
  }
  const column = async (index) => {
    const cells = await sam
      .locator("table tbody tr")
      .evaluateAll(
        (rows, at) => rows.map((row) => Number(row.querySelectorAll("td")[at].textContent)),
        index,
      );
    return cells.reduce((sum, n) => sum + n, 0);
  };
  const totals = { Handled: await column(0), Resolved: await column(1) };
  assert.notEqual(totals.Handled, totals.Resolved);
  const legend = await chart
    .locator(".legend li")
    .evaluateAll((items) =>
      items.map((li) => [
        li.textContent.trim(),
        getComputedStyle(li.querySelector(".swatch")).backgroundColor,
      ]),
    );
  assert.deepEqual(
    legend.map(([text]) => text),
    ["Handled", "Resolved"],
  );
  for (const [text, colour] of legend) {
    assert.equal(series.find((s) => s.colour === colour)?.total, totals[text], text);
  }
  const levels = sam.locator(".figures > div", { hasText: "Service levels met" });
  assert.match(await levels.textContent(), /\d+ %/);
  await shot(sam, "console-dashboard-agents.png");
  await sam.locator(".dashboard").evaluate((pane) => pane.scrollTo(0, pane.scrollHeight));
  await shot(sam, "console-dashboard-table.png");
  assert.deepEqual(await axe(sam), [], "dashboard");
});

test("the shortcuts list each view's key as the signed-in person has it", async () => {
  await sam.keyboard.press("Escape");
  await sam.keyboard.press("?");
  const panel = sam.getByRole("region", { name: "Keyboard shortcuts" });
  await panel.waitFor(WAIT);
  const rows = await panel
    .locator("dl > div")
    .evaluateAll((divs) =>
      divs.map((div) => [div.querySelector("dt").textContent, div.querySelector("dd").textContent]),
    );
  // A supervisor's: no webhooks (an admin's), and 7 is Labels (it said "1 to 8" in another order).
  assert.deepEqual(rows.slice(0, 7), [
    ["1", "Show Waiting"],
    ["2", "Show Mine"],
    ["3", "Show All"],
    ["4", "Show Team"],
    ["5", "Show Dashboard"],
    ["7", "Show Labels"],
    ["8", "Show Saved replies"],
  ]);
  await panel.getByRole("button", { name: "Close" }).click();
});

test("the supervisor's views fit a phone", async () => {
  const phone = await consolePage({ width: 390, height: 844 }, "sam on a phone");
  await signInAs(phone, "Sam, supervisor");
  await phone.getByRole("button", { name: "Team", exact: true }).click();
  await phone.getByRole("rowheader", { name: "Alice" }).waitFor(WAIT);
  assert.equal((await pageOverflow(phone)).horizontal, 0);
  // Names and teams wrap between words, never inside one ("Custo / mer / suppo / rt" in five columns).
  const broken = await phone.locator(".team tbody").evaluate((body) => {
    const words = [];
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\s,-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) words.push(match[0]);
      }
    }
    return words;
  });
  assert.deepEqual(broken, []);
  await shot(phone, "console-phone-team.png");
  await phone.getByRole("button", { name: "Dashboard", exact: true }).click();
  await phone
    .locator("figure .ct-bar")
    .first()
    .waitFor({ state: "attached", ...WAIT });
  assert.equal((await pageOverflow(phone)).horizontal, 0);
  await shot(phone, "console-phone-dashboard.png");
  // The views are one row that scrolls sideways; one chosen by its key comes into sight.
  const views = await phone.locator("nav.views").boundingBox();
  assert.ok(views.height < 50, `the views take ${views.height} px`);
  await phone.keyboard.press("8");
  await phone.getByRole("heading", { name: "Saved replies" }).waitFor(WAIT);
  assert.ok(await inWindow(phone.locator('nav.views .tab[aria-current="page"]')), "in sight");
  await phone.context().close();
});

test("an agent's lists hold their teams' sessions; another team's are not theirs to see", async () => {
  const bea = { id: `bea-${run}`, name: "Bea" };
  const [desk, billing] = [`desk-${run}`, `billing-${run}`];
  for (const [id, members] of [
    [desk, [bea.id]],
    [billing, []],
  ]) {
    const created = await api.post("/teams", tokens.sam, {
      id,
      name: id,
      routing: "manual",
      members,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const ours = await startSession(desk);
  await say(ours.id, ours.token, `A question for the desk ${run}`);
  const theirs = await startSession(billing);
  await say(theirs.id, theirs.token, `A question for billing ${run}`);

  const page = await consolePage({ width: 1280, height: 800 }, "bea");
  await signInWithToken(page, suite.server.origin, await api.agentToken(bea.id, bea.name));
  for (const tab of ["Waiting", "All"]) {
    await page.getByRole("button", { name: new RegExp(`^${tab}`) }).click();
    await page.locator(".row", { hasText: `A question for the desk ${run}` }).waitFor(WAIT);
    assert.equal(
      await page.locator(".row", { hasText: `A question for billing ${run}` }).count(),
      0,
      `${tab}: another team's session`,
    );
  }
  // A supervisor sees both.
  const supervisor = await consolePage({ width: 1280, height: 800 }, "sam, every team");
  await signInAs(supervisor, "Sam, supervisor");
  await supervisor.getByRole("button", { name: /^All/ }).click();
  for (const text of [`A question for the desk ${run}`, `A question for billing ${run}`]) {
    await supervisor.locator(".row", { hasText: text }).waitFor(WAIT);
  }
  await page.context().close();
  await supervisor.context().close();
});

test("nothing failed in any page", () => {
  assert.deepEqual(pageErrors, []);
});
