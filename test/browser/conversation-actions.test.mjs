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

test("nothing failed in any page", () => {
  assert.deepEqual(pageErrors, []);
});
