// The console's transcript as an agent reads a long conversation, in Chromium against a real
// `wrangler dev`: it follows new messages at the bottom, keeps the agent's place while they read
// older ones (with a hint of what came), and their own reply brings them back down. Screenshots go
// to test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, signInWithToken, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const run = Math.random().toString(36).slice(2, 8);

let api;
const pageErrors = [];

/** The transcript's scroll: where it is, and whether it is at its end. */
const scrollOf = (log) =>
  log.evaluate((el) => ({
    top: Math.round(el.scrollTop),
    atBottom: el.scrollHeight - el.scrollTop - el.clientHeight <= 2,
  }));

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" } },
  {
    setup: ({ server }) => {
      api = apiOf(server);
    },
  },
);

test("the transcript follows new messages, keeps the agent's place while they read back, and their reply brings them down", async () => {
  const alice = await api.agentToken("alice", "Alice");
  const started = await api.post("/sessions", null, { contact: { name: `Rosa ${run}` } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const { id } = started.body;
  const customer = started.body.customer_token.token;
  const say = async (content) => {
    const sent = await api.post(`/sessions/${id}/messages`, customer, { content });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
  };
  for (let i = 1; i <= 30; i++) await say(`Line ${i} of my long story about the order.`);

  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = watch(await context.newPage(), "alice", pageErrors);
  await signInWithToken(page, suite.server.origin, alice);
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".row", { hasText: `Rosa ${run}` }).click();
  const log = page.getByRole("log", { name: "Transcript" });
  await log.getByText("Line 30 of").waitFor(WAIT);
  await say("Line 31, live.");
  await log.getByText("Line 31, live.").waitFor(WAIT);
  assert.equal((await scrollOf(log)).atBottom, true, "at the bottom, it follows");

  // Reading back: what comes is counted, and the place is kept.
  const middle = await log.evaluate((el) => {
    el.scrollTop = Math.round(el.scrollHeight / 3);
    return el.scrollTop;
  });
  await page.waitForTimeout(200);
  await say("Line 32, while Alice reads back.");
  await log.getByText("Line 32, while").waitFor({ state: "attached", ...WAIT });
  const hint = page.getByRole("button", { name: "1 new message" });
  await hint.waitFor(WAIT);
  assert.equal((await scrollOf(log)).top, middle, "the agent's place is kept");
  assert.deepEqual(await axe(page), [], "with the hint");
  await page.screenshot({ path: join(RESULTS, "console-follow-hint.png") });
  await hint.click();
  await hint.waitFor({ state: "detached", ...WAIT });
  assert.equal((await scrollOf(log)).atBottom, true, "the hint leads to the newest");

  // Her own reply always comes into view.
  await log.evaluate((el) => {
    el.scrollTop = 0;
  });
  await page.waitForTimeout(200);
  await page.locator("#composer").fill("Thanks Rosa, reading it all now.");
  await page.locator("#composer").press("Enter");
  await log.locator(".message:not(.pending)", { hasText: "Thanks Rosa" }).waitFor(WAIT);
  await page.waitForTimeout(200);
  assert.equal((await scrollOf(log)).atBottom, true, "her reply in view");
  await context.close();
});

test("no page error in any of it", () => {
  assert.deepEqual(pageErrors, []);
});
