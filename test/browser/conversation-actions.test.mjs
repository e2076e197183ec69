// The open conversation's actions on a slow line: escalating or transferring says it is under way
// and takes one click only (a second click escalated twice, raising the priority two steps).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const pageErrors = [];
let api;
let alice;

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      alice = await api.agentToken("alice", "Alice");
    },
  },
);

test("escalating on a slow line: the form waits, says so, and the second click sends nothing", async () => {
  const started = await api.post("/sessions", null, { team_id: "support" });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const { id } = started.body;
  const said = await api.post(`/sessions/${id}/messages`, started.body.customer_token.token, {
    content: "My parcel never came",
  });
  assert.equal(said.status, 201);
  assert.equal((await api.post(`/sessions/${id}/take`, alice)).status, 200);

  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = watch(await context.newPage(), "alice", pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  await page.getByRole("button", { name: /^Mine/ }).click();
  await page.locator(".queue li, [role=listitem]").filter({ hasText: "My parcel" }).first().click();

  let escalations = 0;
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route("**/escalate", async (route) => {
    escalations += 1;
    await held;
    await route.continue();
  });
  await page.getByRole("button", { name: "Escalate", exact: true }).click();
  const form = page.locator(".action-form");
  await form.getByLabel("Why escalate?").fill("Wants a refund");
  await form.getByRole("button", { name: "Escalate" }).click();
  const waiting = form.getByRole("button", { name: "Escalating…" });
  await waiting.waitFor(WAIT);
  assert.equal(await waiting.isDisabled(), true, "the form waits for its answer");
  await form.getByLabel("Why escalate?").press("Enter");
  await waiting.click({ force: true });
  await page.screenshot({ path: join(RESULTS, "console-escalating.png") });
  release();
  await form.waitFor({ state: "detached", ...WAIT });
  assert.equal(escalations, 1, "one escalation sent");

  const read = await api.get(`/sessions/${id}?limit=20`, alice);
  assert.equal(read.body.priority, "high", "raised one step");
  const notes = read.body.messages.filter((m) => /Escalated/.test(m.content));
  assert.equal(notes.length, 1, "one note");
  await context.close();
});

test("on a phone, a long transfer picker takes the composer's place: the page never scrolls, Transfer is in reach", async () => {
  const sam = await api.agentToken("sam", "Sam", "supervisor");
  const crowd = Array.from({ length: 14 }, (_, i) => `crowd-${i}`);
  for (const id of crowd) await api.agentToken(id, `Colleague ${id}`);
  const team = `crowd-${Math.random().toString(36).slice(2, 8)}`;
  const made = await api.post("/teams", sam, {
    id: team,
    name: "Crowd",
    routing: "manual",
    members: ["alice", ...crowd],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const started = await api.post("/sessions", null, { team_id: team });
  const { id } = started.body;
  await api.post(`/sessions/${id}/messages`, started.body.customer_token.token, {
    content: "Who can help me with a crowd?",
  });
  assert.equal((await api.post(`/sessions/${id}/take`, alice)).status, 200);

  const context = await suite.browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
  });
  const page = watch(await context.newPage(), "alice on a phone", pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  await page.getByRole("button", { name: /^Mine/ }).click();
  await page.locator(".row", { hasText: "a crowd" }).click();
  await page.getByRole("button", { name: "Transfer", exact: true }).click();
  const picker = page.getByRole("radiogroup", { name: /Transfer to/ });
  // Never signed in, they are known by their ids, and said to be.
  const unseen = picker.locator("label", { hasText: "crowd-13" });
  await unseen.waitFor(WAIT);
  assert.match(await unseen.innerText(), /never signed in/);
  const overflow = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  assert.equal(overflow, 0, "the page itself does not scroll");
  const send = page.locator(".action-form").getByRole("button", { name: "Transfer" });
  const box = await send.boundingBox();
  assert.ok(box.y + box.height <= 844, `Transfer is on screen (${box.y})`);
  await page.screenshot({ path: join(RESULTS, "console-phone-transfer.png") });
  await page.locator(".action-form").getByRole("button", { name: "Cancel" }).click();
  await page.locator(".composer textarea").waitFor(WAIT);
  await context.close();
});

test("nothing failed in any page", () => {
  assert.deepEqual(pageErrors, []);
});
