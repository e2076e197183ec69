// Labels and the customer beside the chat in the agent console, against a real `wrangler dev` in
// Debian's Chromium: the label filter on the lists, putting a label on the open conversation and
// taking it off (and another console showing it live), the panel's page, labels, service level and earlier conversations, hostile label
// names and page addresses shown as text, the supervisor's Labels view and CSV export, at a phone's
// width and a desktop's. Screenshots go to test-results/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, pageOverflow, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const RLO = "\u202e";
const run = Math.random().toString(36).slice(2, 8);
const HOSTILE_LABEL = `<img src=x onerror=pwned=1>${RLO}`;
const HOSTILE_PAGE = `javascript:window.pwned=2//${run}`;
const SHOP_PAGE = `https://shop.example/checkout/${run}`;

let api;
let tokens;
const labels = {};
const sessions = {};
const pageErrors = [];

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function consolePage(viewport, who = "alice") {
  const context = await suite.browser.newContext({ viewport, acceptDownloads: true });
  const page = watch(await context.newPage(), `${who} at ${viewport.width} px`, pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  const button = who === "sam" ? "Sign in as Sam, supervisor" : "Sign in as Alice, agent";
  await page.getByRole("button", { name: button }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  return page;
}

async function start(body, token = null) {
  const started = await api.post("/sessions", token, { team_id: "support", ...body });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const customer = started.body.customer_token.token;
  return { id: started.body.id, token: customer };
}

async function say(session, content) {
  const sent = await api.post(`/sessions/${session.id}/messages`, session.token, { content });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
}

/** Nadia's conversation that is not resolved, in the list shown. */
const current = (page) =>
  page.locator(".queue .row", {
    hasText: `Nadia ${run}`,
    hasNot: page.locator(".status.resolved"),
  });

/** Resolves once the page's socket on conversation `id` (not a desk's watch) says it is ready. */
const conversationReady = (page, id) =>
  new Promise((resolve) => {
    page.on("websocket", (ws) => {
      if (!ws.url().includes(`/sessions/${id}/live`) || ws.url().includes("watch=true")) return;
      ws.on("framereceived", (frame) => {
        if (String(frame.payload).includes('"type":"ready"')) resolve();
      });
    });
  });

const sessionLabels = async (id) =>
  (await api.get(`/sessions/${id}/labels`, tokens.sam)).body.labels.map((l) => l.name);

const suite = withServerAndBrowser(
  {
    vars: { DEV_SIGN_IN: "true" },
    sqlFiles: ["scripts/sample-kb.sql"],
  },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      tokens = {
        alice: await api.agentToken("alice", "Alice"),
        sam: await api.agentToken("sam", "Sam", "supervisor"),
      };
      for (const [key, name, colour] of [
        ["refund", `Refund ${run}`, "#b91c1c"],
        ["hostile", `${HOSTILE_LABEL} ${run}`, "#6d28d9"],
      ]) {
        const made = await api.post("/labels", tokens.sam, { name, colour });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        labels[key] = made.body;
      }
      // Nadia wrote before (resolved, rated 4) and writes again from the checkout page.
      sessions.earlier = await start({
        contact: { name: `Nadia ${run}`, email: `nadia-${run}@example.com` },
      });
      await say(sessions.earlier, "Where is my order?");
      await api.post(`/sessions/${sessions.earlier.id}/resolve`, tokens.alice, {});
      await api.post(`/sessions/${sessions.earlier.id}/rating`, sessions.earlier.token, {
        score: 4,
      });
      sessions.nadia = await start({ page_url: SHOP_PAGE }, sessions.earlier.token);
      await say(sessions.nadia, "I want my money back");
      await api.put(`/sessions/${sessions.nadia.id}/labels/${labels.refund.id}`, tokens.alice);
      sessions.other = await start({ page_url: HOSTILE_PAGE, contact: { name: `Omar ${run}` } });
      await say(sessions.other, "Just a question");
    },
  },
);

test("the label filter narrows the lists to the labelled conversations, each row showing its labels", async () => {
  const page = await consolePage({ width: 1280, height: 800 });
  await page.getByRole("button", { name: /^All$/ }).click();
  const rows = page.locator(".queue .row");
  await rows.filter({ hasText: `Omar ${run}` }).waitFor(WAIT);
  const nadiaRow = current(page);
  assert.equal(await nadiaRow.locator(".label-chip").textContent(), labels.refund.name);

  await page.getByLabel("Filter by label").selectOption({ label: labels.refund.name });
  await rows.filter({ hasText: `Omar ${run}` }).waitFor({ state: "detached", ...WAIT });
  assert.deepEqual(
    await rows.evaluateAll((all) => all.map((r) => r.querySelector(".who")?.textContent)),
    [`Nadia ${run}`],
  );
  await shot(page, "labels-filter.png");
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await page.getByLabel("Filter by label").selectOption({ label: "All labels" });
  await rows.filter({ hasText: `Omar ${run}` }).waitFor(WAIT);
  await page.context().close();
});

test("a label is put on the open conversation and taken off; beside it, the page, labels, service level and earlier conversations", async () => {
  const page = await consolePage({ width: 1280, height: 800 });
  await page.getByRole("button", { name: /^All$/ }).click();
  await current(page).click();
  const header = page.locator(".session-labels");
  await header.getByText(labels.refund.name).waitFor(WAIT);

  await header.getByLabel("Add a label").selectOption({ label: labels.hostile.name });
  await header.locator(".label-chip", { hasText: run }).nth(1).waitFor(WAIT);
  assert.deepEqual(
    (await sessionLabels(sessions.nadia.id)).sort(),
    [labels.hostile.name, labels.refund.name].sort(),
  );
  // A hostile name is text: no element made of it, nothing run, its override isolated.
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await header.locator("img").count(), 0);
  assert.equal(await header.locator("bdi", { hasText: "<img" }).textContent(), labels.hostile.name);

  const panel = page.getByRole("complementary", { name: "Customer details" });
  const context = panel.getByRole("region", { name: "This conversation" });
  const link = context.getByRole("link", { name: SHOP_PAGE });
  assert.equal(await link.getAttribute("href"), SHOP_PAGE);
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
  assert.equal(await link.getAttribute("target"), "_blank");
  await context.locator(".label-chip", { hasText: "<img" }).waitFor(WAIT);
  assert.match(
    await context.locator(".sla").textContent(),
    /^(No target now|First reply (due in|overdue by) .+)$/,
  );
  const earlier = panel.locator("li", { hasText: "rated 4 of 5" });
  assert.match(await earlier.textContent(), /resolved/);
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await shot(page, "labels-conversation.png");
  assert.deepEqual(await axe(page), [], "the conversation with its labels and context");

  await header.getByRole("button", { name: `Remove label ${labels.hostile.name}` }).click();
  await header.locator(".label-chip", { hasText: "<img" }).waitFor({ state: "detached", ...WAIT });
  assert.deepEqual(await sessionLabels(sessions.nadia.id), [labels.refund.name]);
  await page.context().close();
});

test("a label put on in one console shows in another live, in the conversation and the list, without a reload", async () => {
  const omar = (page) => page.locator(".queue .row", { hasText: `Omar ${run}` });
  const [alice, sam] = [
    await consolePage({ width: 1280, height: 800 }),
    await consolePage({ width: 1280, height: 800 }, "sam"),
  ];
  for (const page of [alice, sam]) {
    await page.getByRole("button", { name: /^All$/ }).click();
    const live = conversationReady(page, sessions.other.id);
    await omar(page).click();
    await page.locator(".conversation h2").getByText(`Omar ${run}`).waitFor(WAIT);
    await live;
  }
  // Sam's page is never loaded again: what it shows next came over its sockets.
  await sam.evaluate(() => {
    window.sameDocument = true;
  });
  const samHeader = sam.locator(".session-labels");
  assert.equal(await samHeader.locator(".label-chip").count(), 0);

  await alice
    .locator(".session-labels")
    .getByLabel("Add a label")
    .selectOption({ label: labels.refund.name });
  await samHeader.locator(".label-chip", { hasText: labels.refund.name }).waitFor(WAIT);
  await omar(sam).locator(".label-chip", { hasText: labels.refund.name }).waitFor(WAIT);
  await sam
    .getByRole("region", { name: "This conversation" })
    .locator(".label-chip", { hasText: labels.refund.name })
    .waitFor(WAIT);
  await shot(sam, "labels-live-other-console.png");

  await alice
    .locator(".session-labels")
    .getByRole("button", { name: `Remove label ${labels.refund.name}` })
    .click();
  await samHeader.locator(".label-chip").waitFor({ state: "detached", ...WAIT });
  await omar(sam)
    .locator(".label-chip")
    .waitFor({ state: "detached", ...WAIT });
  assert.equal(await sam.evaluate(() => window.sameDocument), true, "no reload");
  assert.deepEqual(await sessionLabels(sessions.other.id), []);
  await alice.context().close();
  await sam.context().close();
});

test("a hostile page address is shown as text, never a link", async () => {
  const page = await consolePage({ width: 1280, height: 800 });
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".queue .row", { hasText: `Omar ${run}` }).click();
  const context = page.getByRole("region", { name: "This conversation" });
  await context.locator(".page").getByText(HOSTILE_PAGE).waitFor(WAIT);
  assert.equal(await context.getByRole("link").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.context().close();
});

test("at a phone's width the labels and the panel fit the screen", async () => {
  const page = await consolePage({ width: 390, height: 844 });
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".queue .row .label-chip").first().waitFor(WAIT);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "labels-phone-list.png");
  await current(page).click();
  await page.locator(".session-labels").getByText(labels.refund.name).waitFor(WAIT);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "labels-phone-conversation.png");
  await page.getByRole("button", { name: "Customer", exact: true }).click();
  await page
    .getByRole("complementary", { name: "Customer details" })
    .getByText("rated 4 of 5")
    .waitFor(WAIT);
  await page
    .getByRole("region", { name: "This conversation" })
    .getByRole("link", { name: SHOP_PAGE })
    .waitFor(WAIT);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "labels-phone-panel.png");
  await page.context().close();
});

test("a supervisor keeps the labels, sees the figures by label and exports them and the list as CSV", async () => {
  const page = await consolePage({ width: 1280, height: 800 }, "sam");
  await page.getByRole("button", { name: "Labels" }).click();
  const view = page.getByRole("region", { name: "Labels" });
  await view.getByLabel("New label's name").fill(`Billing ${run}`);
  await view.getByRole("button", { name: "Add label" }).click();
  await view.locator(".label-chip", { hasText: `Billing ${run}` }).waitFor(WAIT);
  const listed = (await api.get("/labels", tokens.alice)).body.labels.map((l) => l.name);
  assert.ok(listed.includes(`Billing ${run}`));
  await view.getByLabel("New label's name").fill(labels.refund.name.toUpperCase());
  await view.getByRole("button", { name: "Add label" }).click();
  assert.match(await view.getByRole("alert").textContent(), /exists already/);
  assert.equal(
    await view.getByLabel("New label's name").inputValue(),
    labels.refund.name.toUpperCase(),
    "a refused name stays to be corrected",
  );
  // At a desktop's width each label is one line: its Remove beside its Save, not under the row.
  const row = view.locator(".label-list li", { hasText: `Billing ${run}` });
  const [save, remove] = [
    await row.getByRole("button", { name: "Save" }).boundingBox(),
    await row.getByRole("button", { name: "Remove" }).boundingBox(),
  ];
  assert.equal(remove.y, save.y, "Remove on Save's line");
  await shot(page, "labels-admin.png");

  await page.getByRole("button", { name: "Dashboard" }).click();
  const byLabel = page.getByRole("region", { name: "By label" });
  await byLabel.getByText(labels.refund.name).waitFor(WAIT);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    byLabel.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  assert.match(
    download.suggestedFilename(),
    /^analytics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = readFileSync(await download.path(), "utf8");
  assert.match(csv, /^\uFEFFscope,id,name,/);
  assert.match(csv, new RegExp(`\\r\\nlabel,${labels.refund.id},Refund ${run},`));
  await shot(page, "labels-dashboard.png");

  await page.getByRole("button", { name: /^All$/ }).click();
  await page.getByLabel("Filter by label").selectOption({ label: labels.refund.name });
  const [list] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(".views").getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const rows = readFileSync(await list.path(), "utf8")
    .trim()
    .split("\r\n");
  assert.equal(rows.length, 2, rows.join("\n"));
  assert.ok(rows[1].startsWith(sessions.nadia.id));
  await page.context().close();
  // Chromium logs the refused duplicate (409) as an error: the one refusal this page causes.
  assert.deepEqual(
    pageErrors.filter((e) => !/^sam at 1280 px: .*status of 409/.test(e)),
    [],
  );
});
