// Signed-in customers in the widget, as people use it: the demo shop signs its user in, the chat is
// theirs on a second device (a separate browser context), a chat started before signing in is kept,
// signing out closes it, and what customers wrote shows as text in the list of conversations.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { RESULTS, WAIT, withServerAndBrowser } from "./server.mjs";

const HOSTILE = `<img src=x onerror="window.pwned=1">`;
/** The demo shop's user (web/demo/demo.ts). */
const GRACE = { user_id: "demo-grace", name: "Grace", email: "grace@example.com" };

const suite = withServerAndBrowser({
  vars: {
    DEV_SIGN_IN: "true",
    AI_RESPONDER: "true",
    IDENTITY_SIGNING_KEYS: `site:${randomBytes(32).toString("base64url")}`,
  },
  sqlFiles: ["scripts/sample-kb.sql"],
});

const widget = (page) => page.frameLocator('iframe[title="Support chat"]');
const log = (page) => widget(page).getByRole("log", { name: "Conversation" });

/** A device: a browser context of its own (its own storage), on the demo shop. */
async function device(viewport = { width: 1280, height: 800 }) {
  const context = await suite.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: "Sign in as Grace" }).waitFor(WAIT);
  return { context, page, errors };
}

async function openWidget(page) {
  await page.getByRole("button", { name: /Chat with support/ }).click();
  await widget(page).getByLabel("Your message").waitFor(WAIT);
}

/** Sends a message and waits until it is stored (it goes over the live socket, not a request). */
async function say(page, text) {
  await write(page, text);
  await stored(page, text);
}

/** Waits until the service has the message (no longer pending). */
const stored = (page, text) =>
  log(page).locator(".message.customer:not(.pending)", { hasText: text }).first().waitFor(WAIT);

/** Writes a message: shown at once, on its way (or waiting for the session). */
async function write(page, text) {
  await widget(page).getByLabel("Your message").fill(text);
  await widget(page).getByLabel("Your message").press("Enter");
  await log(page).getByText(text, { exact: false }).first().waitFor(WAIT);
}

/** Grace's conversations as the service lists them (her site's server signing her in). */
async function gracesSessions() {
  const post = (path, body) =>
    fetch(`${suite.server.origin}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const { identity_token } = await post("/sign-in/dev-identity", GRACE);
  const { sessions } = await post("/identity/conversations", { identity_token });
  return sessions.map((s) => s.session_id);
}

/** The answer to the session the page starts next. */
const sessionStarted = (page) =>
  page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
    WAIT,
  );

/**
 * Holds the first POST to `path` in `context` (the widget's frame included) until `release()`;
 * `sent` settles once the browser has sent it.
 */
async function hold(context, path) {
  let seen;
  let release;
  const sent = new Promise((resolve) => {
    seen = resolve;
  });
  const released = new Promise((resolve) => {
    release = resolve;
  });
  let held = false;
  await context.route(
    (url) => url.pathname === path,
    async (route) => {
      if (held || route.request().method() !== "POST") return route.continue();
      held = true;
      seen();
      await released;
      await route.continue();
    },
  );
  return { sent, release };
}

const signIn = (page) => page.getByRole("button", { name: "Sign in as Grace" }).click();

test("a signed-in customer finds their conversation on a second device, and loses it on signing out", async () => {
  const laptop = await device();
  await signIn(laptop.page);
  await openWidget(laptop.page);
  await say(laptop.page, "My parcel to Lisbon is late");

  const phone = await device({ width: 390, height: 844 });
  await signIn(phone.page);
  await openWidget(phone.page);
  // The newest open conversation opens by itself.
  await log(phone.page).getByText("My parcel to Lisbon is late").waitFor(WAIT);
  await widget(phone.page).getByRole("button", { name: "Conversations" }).click();
  const list = widget(phone.page).getByRole("region", { name: "Your conversations" });
  await list.getByText("open here").waitFor(WAIT);
  await phone.page.screenshot({ path: join(RESULTS, "identity-phone-conversations.png") });
  await list.getByRole("button", { name: "Back to the chat" }).click();

  // Signing out on the shop closes the chat in the widget: the next person sees none of it. (On a
  // phone the chat covers the shop: it is closed first, and opened again after.)
  await phone.page.getByRole("button", { name: "Close the support chat" }).click();
  await phone.page.getByRole("button", { name: /Sign out/ }).click();
  await openWidget(phone.page);
  await widget(phone.page).getByText("Hello! Write your question below").waitFor(WAIT);
  assert.equal(await log(phone.page).getByText("My parcel to Lisbon is late").count(), 0);
  assert.equal(await widget(phone.page).getByRole("button", { name: "Conversations" }).count(), 0);
  // Signed out, a reload does not bring it back either.
  await phone.page.reload();
  await openWidget(phone.page);
  assert.equal(await log(phone.page).getByText("My parcel to Lisbon is late").count(), 0);

  assert.deepEqual([...laptop.errors, ...phone.errors], []);
  await laptop.context.close();
  await phone.context.close();
});

test("a chat started before signing in is kept, and each conversation opens on another device", async () => {
  const tablet = await device();
  await openWidget(tablet.page);
  await say(tablet.page, `Before signing in ${HOSTILE}`);
  await signIn(tablet.page);
  await widget(tablet.page).getByRole("button", { name: "Conversations" }).waitFor(WAIT);
  // Still the same chat, now the signed-in customer's.
  await log(tablet.page).getByText("Before signing in").waitFor(WAIT);

  const laptop = await device();
  await signIn(laptop.page);
  await openWidget(laptop.page);
  // The newest open conversation (the one kept from before signing in) opens, its text as text.
  await log(laptop.page).getByText(`Before signing in ${HOSTILE}`).waitFor(WAIT);
  await widget(laptop.page).getByRole("button", { name: "Conversations" }).click();
  const list = widget(laptop.page).getByRole("region", { name: "Your conversations" });
  const items = list.getByRole("listitem");
  await items.nth(1).waitFor(WAIT);
  assert.equal(await items.count(), 2);
  await laptop.page.screenshot({ path: join(RESULTS, "identity-laptop-conversations.png") });
  // The other one opens with its messages.
  await items.filter({ hasNotText: "open here" }).getByRole("button").click();
  await log(laptop.page).getByText("My parcel to Lisbon is late").waitFor(WAIT);
  assert.equal(await log(laptop.page).getByText("Before signing in").count(), 0);

  const frame = laptop.page.frames().find((f) => f.url().includes("/widget/"));
  assert.equal(await frame.evaluate(() => document.querySelectorAll("img").length), 0);
  assert.equal(await frame.evaluate(() => window.pwned), undefined);
  assert.deepEqual([...tablet.errors, ...laptop.errors], []);
  await tablet.context.close();
  await laptop.context.close();
});

test("a message written while the widget still learns who is signed in starts the chat as them", async () => {
  const laptop = await device();
  // The service is slow to say who the site's user is (a busy moment): she writes meanwhile.
  const identified = await hold(laptop.context, "/identity/conversations");
  await signIn(laptop.page);
  await openWidget(laptop.page);
  await identified.sent;
  const started = sessionStarted(laptop.page);
  await write(laptop.page, "Written while signing in");
  identified.release();
  const session = await (await started).json();
  await stored(laptop.page, "Written while signing in");
  assert.ok((await gracesSessions()).includes(session.id), "the chat is Grace's");
  assert.deepEqual(laptop.errors, []);
  await laptop.context.close();
});

test("a chat still starting when the site says who is signed in becomes theirs", async () => {
  const tablet = await device();
  const starting = await hold(tablet.context, "/sessions");
  await openWidget(tablet.page);
  const started = sessionStarted(tablet.page);
  await write(tablet.page, "Written just before signing in");
  await starting.sent;
  const told = tablet.page.waitForResponse((r) => r.url().endsWith("/sign-in/dev-identity"), WAIT);
  await signIn(tablet.page);
  await told;
  // The widget hears of it while the session is on its way (it asks the service at once, or waits).
  await tablet.page
    .waitForRequest((r) => r.url().endsWith("/identity/conversations"), { timeout: 3_000 })
    .catch(() => {});
  starting.release();
  const session = await (await started).json();
  const deadline = Date.now() + WAIT.timeout;
  while (!(await gracesSessions()).includes(session.id) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.ok((await gracesSessions()).includes(session.id), "the chat is Grace's");
  assert.deepEqual(tablet.errors, []);
  await tablet.context.close();
});
