// Replies that reached the customer by email, as agents see them in the console: a signed-in customer
// writes and leaves; Alice answers; a second later (EMAIL_NOTIFY_DELAY_SECONDS=1) the answer is emailed
// (Email Service simulated by wrangler dev), and the console marks that message, not the others.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const run = Math.random().toString(36).slice(2, 8);

let api;

const suite = withServerAndBrowser(
  {
    vars: {
      DEV_SIGN_IN: "true",
      EMAIL_FROM: "support@acme.example",
      EMAIL_SERVICE_URL: "https://chat.acme.example",
      EMAIL_SITE_URL: "https://shop.acme.example/",
      EMAIL_NOTIFY_DELAY_SECONDS: "1",
    },
    sqlFiles: ["scripts/sample-kb.sql"],
  },
  {
    setup: ({ server }) => {
      api = apiOf(server);
    },
  },
);

test("the console marks the replies that reached the customer by email", async () => {
  const sub = `ines-${run}`;
  const identity_token = await api.identityToken(sub, {
    name: "Inès",
    email: `${sub}@example.com`,
  });
  const started = await api.post("/sessions", null, { identity_token, team_id: "support" });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const { id } = started.body;
  const customer = started.body.customer_token.token;
  await api.post(`/sessions/${id}/messages`, customer, { content: "Is the tent waterproof?" });
  const alice = await api.agentToken("alice", "Alice");
  const note = await api.post(`/sessions/${id}/messages`, alice, {
    content: "Checking the spec sheet",
    visibility: "internal",
  });
  assert.equal(note.status, 201);
  const reply = await api.post(`/sessions/${id}/messages`, alice, {
    content: "Yes, to 3,000 mm.",
    author_type: "service_agent",
  });
  assert.equal(reply.status, 201);
  // The customer has no socket open: the reply is emailed once its second has passed.
  let emails = [];
  for (let i = 0; i < 40 && !emails.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    emails = (await api.get(`/sessions/${id}/emails`, alice)).body.emails;
  }
  assert.equal(emails.length, 1);
  assert.equal(emails[0].first_seq, reply.body.message.seq);

  const errors = [];
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = watch(await context.newPage(), "alice", errors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".row", { hasText: "Inès" }).click();
  const transcript = page.getByRole("log", { name: "Transcript" });
  const replied = transcript.locator(".message", { hasText: "Yes, to 3,000 mm." });
  await replied.getByText("Emailed to the customer").waitFor(WAIT);
  for (const text of ["Is the tent waterproof?", "Checking the spec sheet"]) {
    const other = transcript.locator(".message", { hasText: text });
    assert.equal(await other.getByText("Emailed to the customer").count(), 0, text);
  }
  await page.screenshot({ path: join(RESULTS, "console-emailed.png") });
  assert.deepEqual(errors, []);
  await context.close();

  // The email's link, as wrangler dev's Email Service wrote it, opens the conversation in the widget
  // on another device (a browser context with nothing stored), and leaves the address bar clean.
  const texts = [...suite.server.log.text.matchAll(/^Text: (\S+)$/gm)].map((m) => m[1]);
  const text = texts.map((path) => readFileSync(path, "utf8")).find((t) => t.includes("3,000 mm"));
  assert.ok(text, "the email's text was written");
  const link = /#support-chat-open=([0-9a-f]{36}\.[0-9a-f]{16})/.exec(text)?.[1];
  assert.ok(link, `the email links to the conversation:\n${text}`);
  const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const shop = watch(await phone.newPage(), "ines", errors);
  await shop.goto(`${suite.server.origin}/#support-chat-open=${link}`);
  const widget = shop.frameLocator('iframe[title="Support chat"]');
  await widget
    .getByRole("log", { name: "Conversation" })
    .getByText("Yes, to 3,000 mm.")
    .waitFor(WAIT);
  assert.equal(new URL(shop.url()).hash, "", "the link's token leaves the address bar");
  await shop.screenshot({ path: join(RESULTS, "widget-email-link.png") });
  assert.deepEqual(errors, []);
  await phone.close();
});
