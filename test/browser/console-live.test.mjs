// What an open console follows live, against a real `wrangler dev` in Debian's Chromium: a desk
// label renamed, recoloured or removed elsewhere (the queue rows, the open conversation's chips, the
// panel, the label picker and filter), and the contact panel's line on the open conversation as
// messages come and its status changes; never by reloading the page. At a desktop's width and a
// phone's. A reply and a note written offline (shown as sending, stored once each, another
// conversation opened meanwhile). Screenshots go to test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, pageOverflow, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const run = Math.random().toString(36).slice(2, 8);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let api;
let tokens;
const pageErrors = [];

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

/** Alice's console (or another's), marked so that a reload would show (the mark would be gone). */
async function consolePage(viewport, who = "Alice, agent", options = {}) {
  const context = await suite.browser.newContext({ viewport, ...options });
  const page = watch(await context.newPage(), `${who} at ${viewport.width} px`, pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: `Sign in as ${who}` }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  await page.evaluate(() => {
    window.sameDocument = true;
  });
  return page;
}

const notReloaded = async (page) =>
  assert.equal(await page.evaluate(() => window.sameDocument), true, "no reload");

async function start(name) {
  const started = await api.post("/sessions", null, { team_id: "support", contact: { name } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return { id: started.body.id, token: started.body.customer_token.token };
}

async function say(session, content) {
  const sent = await api.post(`/sessions/${session.id}/messages`, session.token, { content });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
}

async function makeLabel(name, colour) {
  const made = await api.post("/labels", tokens.sam, { name, colour });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body;
}

/** Opens `name`'s conversation from the All list; resolves once its socket is ready. */
async function openConversation(page, name, sessionId) {
  await page.getByRole("button", { name: /^All$/ }).click();
  const ready = new Promise((resolve) => {
    page.on("websocket", (ws) => {
      if (!ws.url().includes(`/sessions/${sessionId}/live`) || ws.url().includes("watch=true"))
        return;
      ws.on("framereceived", (frame) => {
        if (String(frame.payload).includes('"type":"ready"')) resolve();
      });
    });
  });
  await page.locator(".queue .row", { hasText: name }).click();
  await page.locator(".conversation h2").getByText(name).waitFor(WAIT);
  await ready;
}

const optionTexts = (select) =>
  select.evaluate((element) => [...element.options].map((option) => option.textContent));

/** Waits until `select` offers `name` (or, with `present` false, no longer does). */
const offers = async (select, name, present = true) =>
  select
    .page()
    .waitForFunction(
      ([element, wanted, present]) =>
        [...element.options].some((option) => option.textContent === wanted) === present,
      [await select.elementHandle(), name, present],
      WAIT,
    );

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      tokens = { sam: await api.agentToken("sam", "Sam", "supervisor") };
    },
  },
);

test("a label renamed, recoloured and removed elsewhere changes in the open console at once", async () => {
  const refund = await makeLabel(`Refund ${run}`, "#b91c1c");
  const spare = await makeLabel(`Spare ${run}`, "#047857");
  // A label that stays, so that the picker stays.
  await makeLabel(`Other ${run}`, "#6d28d9");
  const name = `Rita ${run}`;
  const session = await start(name);
  await say(session, "I would like a refund");
  const put = await api.put(`/sessions/${session.id}/labels/${refund.id}`, tokens.sam);
  assert.equal(put.status, 200, JSON.stringify(put.body));

  const page = await consolePage(DESKTOP);
  await openConversation(page, name, session.id);
  const row = page.locator(".queue .row", { hasText: name });
  const header = page.locator(".session-labels");
  const panel = page.getByRole("region", { name: "This conversation" });
  const picker = header.getByLabel("Add a label");
  const filter = page.getByLabel("Filter by label");
  for (const where of [row, header, panel]) {
    await where.locator(".label-chip", { hasText: refund.name }).waitFor(WAIT);
  }
  await offers(picker, spare.name);
  await offers(filter, spare.name);

  const renamed = { name: `Refunds due ${run}`, colour: "#1d4ed8" };
  const changed = await api.put(`/labels/${refund.id}`, tokens.sam, renamed);
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  const respare = await api.put(`/labels/${spare.id}`, tokens.sam, {
    name: `Spare kept ${run}`,
    colour: "#047857",
  });
  assert.equal(respare.status, 200, JSON.stringify(respare.body));
  for (const where of [row, header, panel]) {
    await where.locator(".label-chip", { hasText: renamed.name }).waitFor(WAIT);
    assert.equal(await where.locator(".label-chip", { hasText: refund.name }).count(), 0);
  }
  assert.equal(
    await header
      .locator(".label-chip .dot")
      .evaluate((dot) => getComputedStyle(dot).backgroundColor),
    "rgb(29, 78, 216)",
  );
  await offers(picker, `Spare kept ${run}`);
  await offers(filter, renamed.name);
  assert.ok(!(await optionTexts(filter)).includes(refund.name));
  assert.ok(!(await optionTexts(picker)).includes(spare.name));
  await header.getByRole("button", { name: `Remove label ${renamed.name}` }).waitFor(WAIT);
  await shot(page, "console-live-label-renamed.png");
  assert.deepEqual(await axe(page), [], "the console after the rename");

  await remove(spare.id);
  await offers(picker, `Spare kept ${run}`, false);
  await offers(filter, `Spare kept ${run}`, false);
  await remove(refund.id);
  for (const where of [header, panel, row]) {
    await where.locator(".label-chip").waitFor({ state: "detached", ...WAIT });
  }
  await notReloaded(page);
  await page.context().close();
});

test("the contact panel's line on the open conversation follows its messages and status", async () => {
  const name = `Paula ${run}`;
  const session = await start(name);
  await say(session, "My parcel is late");
  const page = await consolePage(DESKTOP);
  await openConversation(page, name, session.id);
  const here = page
    .getByRole("complementary", { name: "Customer details" })
    .locator(".contact-sessions li.current");
  await here.getByText("My parcel is late").waitFor(WAIT);

  await say(session, `It was due on Monday ${run}`);
  await page
    .getByRole("log", { name: "Transcript" })
    .getByText(`due on Monday ${run}`)
    .waitFor(WAIT);
  await here.getByText(`It was due on Monday ${run}`).waitFor(WAIT);
  assert.doesNotMatch(await here.textContent(), /My parcel is late/);

  const resolved = await api.post(`/sessions/${session.id}/resolve`, tokens.sam, {
    outcome: "duplicate",
  });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  await here.locator(".status.resolved", { hasText: "duplicate" }).waitFor(WAIT);
  // Its last words stay the customer's, not the system's "The chat was closed".
  assert.match(await here.textContent(), new RegExp(`“It was due on Monday ${run}”`));
  await page.locator(".queue .row", { hasText: name }).locator(".status.resolved").waitFor(WAIT);
  await shot(page, "console-live-contact-panel.png");
  await notReloaded(page);
  await page.context().close();
});

test("at a phone's width the panel's line and a renamed label follow too, and fit the screen", async () => {
  const label = await makeLabel(`Phone ${run}`, "#b91c1c");
  const name = `Phil ${run}`;
  const session = await start(name);
  await say(session, "Hello from my phone");
  await api.put(`/sessions/${session.id}/labels/${label.id}`, tokens.sam);

  const page = await consolePage(PHONE);
  await openConversation(page, name, session.id);
  const header = page.locator(".session-labels");
  await header.locator(".label-chip", { hasText: label.name }).waitFor(WAIT);
  await api.put(`/labels/${label.id}`, tokens.sam, {
    name: `Phone care ${run}`,
    colour: "#6d28d9",
  });
  await header.locator(".label-chip", { hasText: `Phone care ${run}` }).waitFor(WAIT);
  await shot(page, "console-live-phone-conversation.png");

  await page.getByRole("button", { name: "Customer", exact: true }).click();
  const panel = page.getByRole("complementary", { name: "Customer details" });
  const here = panel.locator(".contact-sessions li.current");
  await here.getByText("Hello from my phone").waitFor(WAIT);
  await say(session, `Still there? ${run}`);
  await here.getByText(`Still there? ${run}`).waitFor(WAIT);
  await panel.locator(".label-chip", { hasText: `Phone care ${run}` }).waitFor(WAIT);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "console-live-phone-panel.png");
  await notReloaded(page);
  await page.context().close();
  assert.deepEqual(pageErrors, []);
});

test("a console whose first question is lost on the way asks again, and goes live", async () => {
  const context = await suite.browser.newContext({ viewport: DESKTOP });
  const page = watch(await context.newPage(), "alice, the line drops once", pageErrors);
  // The first GET /agents/me never reaches the service (a dropped line, a restart).
  let asked = 0;
  await context.route("**/agents/me", (route) =>
    asked++ === 0 ? route.abort("internetdisconnected") : route.continue(),
  );
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  await page.getByText("Alice (agent)").waitFor(WAIT);
  assert.ok(asked >= 2, `asked ${asked} times`);
  await context.close();
  assert.deepEqual(pageErrors, []);
});

test("an admin's console whose first read of the teams is lost asks again, and follows every queue", async () => {
  const team = `drops-${run}`;
  assert.equal((await api.post("/teams", tokens.sam, { id: team, name: "Drops" })).status, 201);
  const context = await suite.browser.newContext({ viewport: DESKTOP });
  const page = watch(await context.newPage(), "ada, the line drops once", pageErrors);
  // Without the teams it would follow only the sessions in no team, and still say it was live.
  let asked = 0;
  await context.route("**/teams", (route) =>
    asked++ === 0 ? route.abort("internetdisconnected") : route.continue(),
  );
  const followed = new Set();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/queue/live-ticket") followed.add(url.searchParams.get("team"));
  });
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Ada, admin" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  const deadline = Date.now() + WAIT.timeout;
  while (!followed.has(team) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(followed.has(team), `followed ${JSON.stringify([...followed])}`);
  assert.ok(asked >= 2, `asked ${asked} times`);
  await context.close();
  assert.deepEqual(pageErrors, []);
});

/** Removes a label as a supervisor would. */
async function remove(labelId) {
  const response = await fetch(`${suite.server.origin}/labels/${labelId}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${tokens.sam}` },
  });
  assert.equal(response.status, 204);
}

test("a reply and a note written offline show as sending, and are stored once each when the line is back, another conversation opened meanwhile", async () => {
  const first = `Olga ${run}`;
  const other = `Piet ${run}`;
  const session = await start(first);
  await say(session, "Where is my refund?");
  const elsewhere = await start(other);
  await say(elsewhere, "Hello?");
  const page = await consolePage(DESKTOP);
  await openConversation(page, first, session.id);
  const transcript = page.getByRole("log", { name: "Transcript" });
  const composer = page.locator("form.composer textarea");

  await page.context().setOffline(true);
  await page.getByText("Reconnecting… what you write is sent when the line is back.").waitFor(WAIT);
  await page.getByLabel("Internal note (n)").check();
  await composer.fill(`Refund approved ${run}`);
  await composer.press("Enter");
  await page.getByLabel("Reply to the customer (/)").check();
  await composer.fill(`Your refund is on its way ${run}`);
  await composer.press("Enter");
  // Each shows as on its way, the note as a note: nothing written vanishes from the screen.
  const note = transcript.locator(".message.pending.internal", {
    hasText: `Refund approved ${run}`,
  });
  await note.getByText("Internal note, sending…").waitFor(WAIT);
  const reply = transcript.locator(".message.pending:not(.internal)", {
    hasText: `Your refund is on its way ${run}`,
  });
  await reply.getByText("Sending…").waitFor(WAIT);
  assert.equal(await composer.inputValue(), "");
  await shot(page, "console-live-offline-sending.png");

  // Another conversation opened before the line is back: what was written still goes, once, and
  // the other conversation, unread while offline, is read when the line is back.
  await page.locator(".queue .row", { hasText: other }).click();
  await note.waitFor({ ...WAIT, state: "detached" });
  await page.context().setOffline(false);
  await page.locator(".conversation h2").getByText(other).waitFor(WAIT);
  const stored = async () => {
    const read = await api.get(`/sessions/${session.id}?limit=200`, tokens.sam);
    return read.body.messages.filter(
      (m) => m.content.endsWith(run) && m.author_type !== "customer",
    );
  };
  const deadline = Date.now() + WAIT.timeout;
  while ((await stored()).length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.deepEqual(
    (await stored()).map((m) => [m.content, m.visibility]),
    [
      [`Refund approved ${run}`, "internal"],
      [`Your refund is on its way ${run}`, "public"],
    ],
  );
  // Back in the first conversation, each is there once, and nothing is left sending.
  await openConversation(page, first, session.id);
  await transcript
    .locator(".message.internal", { hasText: `Refund approved ${run}` })
    .waitFor(WAIT);
  assert.equal(await transcript.getByText(`Your refund is on its way ${run}`).count(), 1);
  assert.equal(await transcript.locator(".message.pending").count(), 0);
  await notReloaded(page);
  await page.context().close();
});

/** Waits until `first`'s row is above `second`'s in the list shown. */
const sortedAbove = (page, first, second) =>
  page.waitForFunction(
    ([a, b]) => {
      const names = [...document.querySelectorAll(".queue .row .who")].map((e) => e.textContent);
      return names.includes(a) && names.includes(b) && names.indexOf(a) < names.indexOf(b);
    },
    [first, second],
    WAIT,
  );

/** Two waiting conversations, `newer`'s message the last; answers `older`'s session. */
async function olderAndNewer(older, newer) {
  const session = await start(older);
  await say(session, `A question from ${older}`);
  await say(await start(newer), `A question from ${newer}`);
  return session;
}

test("the list keeps its order while the pointer is over it, so a click opens the conversation aimed at; it sorts again when the pointer leaves", async () => {
  const aimed = `Quinn ${run}`;
  const newer = `Rosa ${run}`;
  const session = await olderAndNewer(aimed, newer);
  const page = await consolePage(DESKTOP);
  await page.getByRole("button", { name: /^All$/ }).click();
  const rows = page.locator(".queue .row");
  const order = async () => {
    const names = await rows.locator(".who").allInnerTexts();
    return [names.indexOf(aimed), names.indexOf(newer)];
  };
  await rows.filter({ hasText: newer }).waitFor(WAIT);
  const [aimedAt, newerAt] = await order();
  assert.ok(newerAt < aimedAt, "the newest activity first");

  // Pointing at Quinn's row, a new message of Quinn's arrives: the row is updated where it is.
  await rows.filter({ hasText: aimed }).hover();
  await say(session, `Still waiting ${run}`);
  await rows
    .filter({ hasText: aimed })
    .filter({ hasText: `Still waiting ${run}` })
    .waitFor(WAIT);
  assert.deepEqual(await order(), [aimedAt, newerAt], "not reordered under the pointer");
  await page.mouse.down();
  await page.mouse.up();
  await page.locator(".conversation h2").getByText(aimed).waitFor(WAIT);

  // The pointer gone, the list sorts again.
  await page.locator(".conversation h2").hover();
  await sortedAbove(page, aimed, newer);
  await notReloaded(page);
  await page.context().close();
});

test("a list left while pointed at (another view by its key), or tapped on a phone, sorts again", async () => {
  const older = `Sven ${run}`;
  const newer = `Tove ${run}`;
  const session = await olderAndNewer(older, newer);

  // A supervisor points at the list, switches to Team and back by keys, the pointer elsewhere.
  const sam = await consolePage(DESKTOP, "Sam, supervisor");
  await sam.keyboard.press("3");
  await sam.locator(".queue .row", { hasText: older }).hover();
  await sam.keyboard.press("4");
  await sam.getByRole("heading", { name: "Team" }).waitFor(WAIT);
  await sam.locator("header.top").hover();
  await sam.keyboard.press("3");
  await sortedAbove(sam, newer, older);
  await say(session, `Anyone? ${run}`);
  await sortedAbove(sam, older, newer);
  await sam.context().close();

  // On a phone: a tap opens the row, and back at the list it sorts as messages come.
  const phone = await consolePage(PHONE, "Alice, agent", { hasTouch: true, isMobile: true });
  await phone.getByRole("button", { name: /^All$/ }).tap();
  await sortedAbove(phone, older, newer);
  await phone.locator(".queue .row", { hasText: newer }).tap();
  await phone.locator(".conversation h2").getByText(newer).waitFor(WAIT);
  await phone.getByRole("button", { name: "Back to the list" }).tap();
  await say(session, `Still there? ${run}`);
  await phone.locator(".queue .row", { hasText: `Still there? ${run}` }).waitFor(WAIT);
  await say(await start(`Ulla ${run}`), "Third question");
  await sortedAbove(phone, `Ulla ${run}`, older);
  await notReloaded(phone);
  await phone.context().close();
});
