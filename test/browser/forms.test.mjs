// The widget's forms, as customers meet them on the demo shop: the pre-chat form of a team that
// wants one (a bad email refused without losing what was typed), and the offline form of a team
// that is away with no assistant (the session waits in the queue; the thanks line names the email).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser, ROOT, STARTUP_MS, startServer, WAIT } from "./server.mjs";

const RESULTS = join(ROOT, "test-results");
const HOSTILE = `<img src=x onerror="window.pwned=1">`;

let prechat;
let away;
let browser;

before(
  async () => {
    [prechat, away] = await Promise.all([
      startServer({
        vars: { DEV_SIGN_IN: "true", AI_RESPONDER: "true", PRECHAT_FORM_TEAMS: "support" },
        sqlFiles: ["scripts/sample-kb.sql"],
      }),
      startServer({
        vars: { DEV_SIGN_IN: "true", AI_RESPONDER: "false" },
        sqlFiles: ["scripts/sample-kb.sql"],
      }),
    ]);
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
  },
  { timeout: 3 * STARTUP_MS },
);

after(async () => {
  await browser?.close().catch(() => {});
  await Promise.all([prechat?.stop(), away?.stop()]);
});

const widget = (page) => page.frameLocator('iframe[title="Support chat"]');

async function agentApi(server) {
  const signIn = await fetch(`${server.origin}/sign-in/dev`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ agent_id: "sam", role: "supervisor" }),
  });
  assert.equal(signIn.status, 200, await signIn.clone().text());
  const { token } = await signIn.json();
  return async (path) => {
    const response = await fetch(`${server.origin}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return response.json();
  };
}

/** The demo shop at a size, with the widget open. */
async function shop(server, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(`${server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  return { context, page, errors };
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  const size = `${viewport.width}x${viewport.height}`;

  test(`the pre-chat form asks who is writing, refuses a bad email in words, and starts the chat (${size})`, async () => {
    const { context, page, errors } = await shop(prechat, viewport);
    const frame = widget(page);
    await frame.getByRole("heading", { name: "Before we start" }).waitFor(WAIT);
    assert.equal(await frame.getByLabel("Your message").count(), 0, "no message box yet");
    // Keyboard first: the name field has focus when the widget opens.
    await page.keyboard.type(`Ada Lovelace ${size}`);
    await frame.getByLabel("Your email").fill("ada@example");
    await frame.getByLabel("Your question").fill("Where is my order 1815?");
    await frame.getByLabel("Your question").press("Enter");
    const problem = frame.getByText("This email address does not look right. Please check it.");
    await problem.waitFor(WAIT);
    // What was typed is still there, and the email field says it is the one at fault.
    assert.equal(await frame.getByLabel("Your name").inputValue(), `Ada Lovelace ${size}`);
    assert.equal(await frame.getByLabel("Your question").inputValue(), "Where is my order 1815?");
    assert.equal(await frame.getByLabel("Your email").getAttribute("aria-invalid"), "true");
    await page.screenshot({ path: join(RESULTS, `forms-prechat-bad-email-${size}.png`) });

    const email = `ada-${size}@example.com`;
    await frame.getByLabel("Your email").fill(email);
    await frame.getByRole("button", { name: "Start the chat" }).click();
    const log = frame.getByRole("log", { name: "Conversation" });
    await log
      .locator(".message.customer:not(.pending)", { hasText: "Where is my order 1815?" })
      .waitFor(WAIT);
    assert.equal(await frame.getByRole("heading", { name: "Before we start" }).count(), 0);
    await page.screenshot({ path: join(RESULTS, `forms-prechat-started-${size}.png`) });

    // The agent sees the name on the session, and the email on the customer's contact.
    const api = await agentApi(prechat);
    const { sessions } = await api("/sessions?limit=100");
    const started = sessions.find((s) => s.customer?.name === `Ada Lovelace ${size}`);
    assert.ok(started, JSON.stringify(sessions));
    const { contact } = await api(`/contacts/${encodeURIComponent(started.customer.id)}`);
    assert.equal(contact.email, email);
    assert.equal(contact.name, `Ada Lovelace ${size}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`the offline form takes an email, the session waits in the queue, the thanks names the email (${size})`, async () => {
    const { context, page, errors } = await shop(away, viewport);
    const frame = widget(page);
    await frame.getByText("We're away right now. Leave your email and we'll reply.").waitFor(WAIT);
    // The header says so too, not "We usually answer in minutes."
    await frame.getByText("We're away: we reply here and by email.").waitFor(WAIT);
    // The email is required: said under its field, nothing sent.
    await frame.getByLabel("Your question").fill("Do you ship to Reykjavik?");
    await frame.getByRole("button", { name: "Send" }).click();
    await frame.getByText("Please give your email address.").waitFor(WAIT);

    const email = `guest-${size}@example.com`;
    const name = `${HOSTILE} ${size}`;
    await frame.getByLabel("Your name (optional)").fill(name);
    await frame.getByLabel("Your email").fill(email);
    await frame.getByRole("button", { name: "Send" }).click();
    await frame.getByText(`Thanks — we'll reply here and by email to ${email}`).waitFor(WAIT);
    const log = frame.getByRole("log", { name: "Conversation" });
    await log
      .locator(".message.customer:not(.pending)", { hasText: "Do you ship to Reykjavik?" })
      .waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, `forms-offline-thanks-${size}.png`) });

    const api = await agentApi(away);
    const { sessions } = await api("/sessions?status=open&limit=100");
    const waiting = sessions.find((s) => s.customer?.name === name);
    assert.ok(waiting, `an open session named ${name}: ${JSON.stringify(sessions)}`);
    assert.equal(waiting.assignee, null);
    // Hostile text in the name is text, on the page and to agents.
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await frame.locator("img[src=x]").count(), 0);
    const { contact } = await api(`/contacts/${encodeURIComponent(waiting.customer.id)}`);
    assert.equal(contact.email, email);
    assert.equal(contact.name, name);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
