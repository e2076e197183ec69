// Text that would not stay in its box, in the widget and the console, in Chromium against a real
// `wrangler dev`: an agent's and a customer's name of one unbroken word (an address, a handle)
// wraps inside its bubble, header and result row, and nothing scrolls sideways; a message of
// stacked combining marks ("Zalgo") draws nothing outside its bubble. Screenshots go to test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, signInWithToken, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const run = Math.random().toString(36).slice(2, 8);
const AGENT_NAME = `Alice_${"Longname".repeat(9)}`;
const customerName = (width) => `<b>Zed</b>${"Unbrokenword".repeat(6)}${run}${width}`;

let api;
let alice;
const pageErrors = [];
// Letters under forty combining marks above and forty below: drawn far beyond their line.
const STACKED = [..."Zalgo"]
  .map(
    (letter) =>
      letter + "\u0301\u0300\u0308\u0302".repeat(10) + "\u0316\u0317\u0323\u0324".repeat(10),
  )
  .join("");

/** What of `root`'s elements is drawn outside `boundary` (a selector of its ancestors) sideways. */
const spilled = (root, boundary) =>
  root.evaluate((element, boundary) => {
    const out = [];
    for (const box of element.querySelectorAll(boundary)) {
      const outer = box.getBoundingClientRect();
      for (const inner of box.querySelectorAll("*")) {
        const r = inner.getBoundingClientRect();
        if (r.width === 0 || r.height <= 1) continue;
        if (r.right > outer.right + 1 || r.left < outer.left - 1) {
          out.push(`${inner.tagName} "${inner.textContent.slice(0, 30)}" outside ${boundary}`);
        }
      }
    }
    return out;
  }, boundary);

/**
 * Whether `text` (an element inside `box`) paints anything in the `margin` px above or below `box`:
 * the pixels there with the text shown and hidden, compared (in a blank page of the same context).
 */
async function inkAround(page, box, text, margin) {
  const shot = async (clip, visibility) => {
    await text.evaluate((element, visibility) => {
      element.style.visibility = visibility;
    }, visibility);
    return (await page.screenshot({ clip })).toString("base64");
  };
  // Measured while nothing else moves: a message arriving between the shots (the bot's, a joining
  // agent's line) would be taken for the text's ink. The text hidden twice must look the same.
  let hidden;
  let shown;
  for (let attempt = 0; attempt < 10; attempt++) {
    const { x, y, width, height } = await box.boundingBox();
    const clip = { x, y: y - margin, width, height: height + 2 * margin };
    hidden = await shot(clip, "hidden");
    shown = await shot(clip, "");
    if ((await shot(clip, "hidden")) === hidden) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await text.evaluate((element) => {
    element.style.visibility = "";
  });
  const blank = await page.context().newPage();
  const inked = await blank.evaluate(
    async ({ hidden, shown, margin }) => {
      const pixels = async (png) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = Object.assign(document.createElement("canvas"), {
          width: image.width,
          height: image.height,
        });
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        const band = (top) => context.getImageData(0, top, image.width, margin).data.join();
        return { above: band(0), below: band(image.height - margin) };
      };
      const [without, drawn] = [await pixels(hidden), await pixels(shown)];
      return { above: without.above !== drawn.above, below: without.below !== drawn.below };
    },
    { hidden, shown, margin },
  );
  await blank.close();
  return inked;
}

/** How far `locator`'s element scrolls sideways (0: it fits). */
const sideways = (locator) => locator.evaluate((el) => el.scrollWidth - el.clientWidth);

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true", AI_RESPONDER: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      alice = await api.agentToken("alice", AGENT_NAME);
    },
  },
);

test("in the widget, an agent's name of one long word wraps inside the bubble", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = watch(await context.newPage(), "customer", pageErrors);
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const widget = page.frameLocator('iframe[title="Support chat"]');
  const created = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
    WAIT,
  );
  await widget.getByLabel("Your message").fill("Where is my parcel?");
  await widget.getByLabel("Your message").press("Enter");
  const session = await (await created).json();
  const sent = await api.post(`/sessions/${session.id}/messages`, alice, {
    content: "It left the warehouse today.",
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const log = widget.getByRole("log", { name: "Conversation" });
  await log.getByText("It left the warehouse today.").waitFor(WAIT);
  await page.screenshot({ path: join(RESULTS, "unruly-text-widget.png") });
  assert.deepEqual(await spilled(log, ".message"), [], "every name inside its bubble");
  assert.equal(await sideways(log), 0, "the conversation never scrolls sideways");
  await context.close();
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`in the console at ${viewport.width} px, long names wrap in the transcript, the header and the search results`, async () => {
    const started = await api.post("/sessions", null, {
      contact: { name: customerName(viewport.width) },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { id } = started.body;
    const customer = started.body.customer_token.token;
    const said = await api.post(`/sessions/${id}/messages`, customer, {
      content: `Hello, a question about my kettle ${viewport.width}`,
    });
    assert.equal(said.status, 201, JSON.stringify(said.body));
    const answered = await api.post(`/sessions/${id}/messages`, alice, {
      content: "Happy to help with the kettle.",
    });
    assert.equal(answered.status, 201, JSON.stringify(answered.body));

    const context = await suite.browser.newContext({ viewport });
    const page = watch(await context.newPage(), `alice at ${viewport.width}`, pageErrors);
    await signInWithToken(page, suite.server.origin, alice);
    await page.getByRole("button", { name: /^All$/ }).click();
    await page.locator(".row", { hasText: `${run}${viewport.width}` }).click();
    const transcript = page.getByRole("log", { name: "Transcript" });
    await transcript.getByText("Happy to help with the kettle.").waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, `unruly-text-console-${viewport.width}.png`) });
    assert.deepEqual(await spilled(transcript, ".message"), [], "every name inside its bubble");
    assert.equal(await sideways(transcript), 0, "the transcript never scrolls sideways");
    const header = page.locator(".conversation > header");
    assert.deepEqual(await spilled(header, ".meta"), [], "the assignee's name inside the header");
    assert.deepEqual(await spilled(page.locator("body"), ".conversation"), [], "nothing leaves it");

    await page.getByRole("button", { name: "Search", exact: true }).first().click();
    await page.getByRole("searchbox", { name: "Words" }).fill(`kettle ${viewport.width}`);
    await page.getByRole("button", { name: "Search", exact: true }).last().click();
    const results = page.locator(".queue.search");
    await results.locator(".row.hit").first().waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, `unruly-text-search-${viewport.width}.png`) });
    assert.deepEqual(await spilled(results, ".row.hit"), [], "every name inside its row");
    assert.equal(await sideways(results), 0, "the results never scroll sideways");
    assert.equal(await page.evaluate(() => document.querySelectorAll("main b").length), 0);
    await context.close();
  });
}

test("on a phone, Search in the top bar from an open conversation shows the search form", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = watch(await context.newPage(), "alice searching on a phone", pageErrors);
  await signInWithToken(page, suite.server.origin, alice);
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".row").first().click();
  await page.getByRole("log", { name: "Transcript" }).waitFor(WAIT);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const words = page.getByRole("searchbox", { name: "Words" });
  await words.waitFor(WAIT);
  assert.ok(await words.isVisible(), "the search form is on screen");
  await page.screenshot({ path: join(RESULTS, "unruly-text-phone-search.png") });
  await context.close();
});

test("stacked combining marks stay inside their bubble, in the widget and the console", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = watch(await context.newPage(), "customer writing marks", pageErrors);
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const widget = page.frameLocator('iframe[title="Support chat"]');
  await widget.getByLabel("Your message").fill("Marks ahead");
  await widget.getByLabel("Your message").press("Enter");
  await widget.getByLabel("Your message").fill(STACKED);
  await widget.getByLabel("Your message").press("Enter");
  const bubble = widget.locator(".message.customer:not(.pending)", { hasText: STACKED });
  await bubble.waitFor(WAIT);
  await page.screenshot({ path: join(RESULTS, "unruly-text-marks-widget.png") });
  const text = bubble.locator("p");
  assert.deepEqual(
    await inkAround(page, bubble, text, 40),
    { above: false, below: false },
    "widget",
  );
  await context.close();

  const started = await api.post("/sessions", null, { contact: { name: `Marks ${run}` } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const customer = started.body.customer_token.token;
  const said = await api.post(`/sessions/${started.body.id}/messages`, customer, {
    content: STACKED,
  });
  assert.equal(said.status, 201, JSON.stringify(said.body));
  const agent = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const desk = watch(await agent.newPage(), "alice reading marks", pageErrors);
  await signInWithToken(desk, suite.server.origin, alice);
  await desk.getByRole("button", { name: /^All$/ }).click();
  await desk.locator(".row", { hasText: `Marks ${run}` }).click();
  const transcript = desk.getByRole("log", { name: "Transcript" });
  const message = transcript.locator(".message", { hasText: STACKED });
  await message.waitFor(WAIT);
  await desk.screenshot({ path: join(RESULTS, "unruly-text-marks-console.png") });
  const marks = { above: false, below: false };
  assert.deepEqual(await inkAround(desk, message, message.locator("p"), 40), marks, "console");
  await agent.close();
});

test("a message of invisible characters only is not sent, like an empty one (widget and console)", async () => {
  const INVISIBLE = "\u200b\u200d\u2060";
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = watch(await context.newPage(), "customer writing nothing", pageErrors);
  const refused = [];
  page.on("response", (r) => r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`));
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const widget = page.frameLocator('iframe[title="Support chat"]');
  const box = widget.getByLabel("Your message");
  await box.fill(`Invisible ahead ${run}`);
  await box.press("Enter");
  const log = widget.getByRole("log", { name: "Conversation" });
  await log.locator(".message.customer:not(.pending)").waitFor(WAIT);
  await box.fill(INVISIBLE);
  await box.press("Enter");
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: join(RESULTS, "unruly-text-invisible-widget.png") });
  assert.equal(await log.locator(".message.customer").count(), 1, "no bubble for nothing");
  assert.equal(await widget.getByRole("alert").count(), 0, "no refusal to read");
  assert.deepEqual(refused, []);
  await context.close();

  const started = await api.post("/sessions", null, { contact: { name: `Quiet ${run}` } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const customer = started.body.customer_token.token;
  const content = `Invisible ahead ${run}`;
  const said = await api.post(`/sessions/${started.body.id}/messages`, customer, { content });
  assert.equal(said.status, 201, JSON.stringify(said.body));
  const agent = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const desk = watch(await agent.newPage(), "alice writing nothing", pageErrors);
  await signInWithToken(desk, suite.server.origin, alice);
  await desk.getByRole("button", { name: /^All$/ }).click();
  await desk.locator(".row", { hasText: `Quiet ${run}` }).click();
  const transcript = desk.getByRole("log", { name: "Transcript" });
  await transcript.getByText(`Invisible ahead ${run}`, { exact: true }).waitFor(WAIT);
  const before = await transcript.locator(".message").count();
  await desk.locator("#composer").fill(INVISIBLE);
  await desk.locator("#composer").press("Enter");
  await desk.waitForTimeout(1_500);
  await desk.screenshot({ path: join(RESULTS, "unruly-text-invisible-console.png") });
  assert.equal(await transcript.locator(".message").count(), before, "nothing added");
  assert.equal(await desk.locator(".conversation .notice").count(), 0, "no refusal to read");
  await agent.close();
});

test("a paste longer than a message can be is cut at the limit, and the widget says so", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = watch(await context.newPage(), "customer pasting a lot", pageErrors);
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const widget = page.frameLocator('iframe[title="Support chat"]');
  const box = widget.getByLabel("Your message");
  await box.click();
  await page.keyboard.insertText(`${run} ${"long ".repeat(1_000)}`);
  const note = widget.getByRole("status").filter({ hasText: "longest a message can be" });
  await note.waitFor(WAIT);
  assert.match(await note.textContent(), /4,000 characters/);
  assert.equal((await box.inputValue()).length, 4_000);
  assert.equal(await box.getAttribute("aria-describedby"), "message-limit");
  await page.screenshot({ path: join(RESULTS, "unruly-text-message-limit.png") });
  await box.press("Enter");
  const log = widget.getByRole("log", { name: "Conversation" });
  await log.locator(".message.customer:not(.pending)", { hasText: run }).waitFor(WAIT);
  assert.equal(await note.count(), 0, "the note goes with the message");
  await context.close();
});

test("no page error in any of it", () => {
  assert.deepEqual(pageErrors, []);
});
