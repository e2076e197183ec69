// Signed-in customers in the widget, as people use it: the demo shop signs its user in, the chat is
// theirs on a second device (a separate browser context), a chat started before signing in is kept,
// signing out closes it, and what customers wrote shows as text in the list of conversations.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import { RESULTS, WAIT, withServerAndBrowser } from "./server.mjs";

const HOSTILE = `<img src=x onerror="window.pwned=1">`;

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

async function say(page, text) {
  const started = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/messages"),
    WAIT,
  );
  await widget(page).getByLabel("Your message").fill(text);
  await widget(page).getByLabel("Your message").press("Enter");
  await log(page).getByText(text, { exact: false }).first().waitFor(WAIT);
  return started.catch(() => null);
}

const signIn = (page) => page.getByRole("button", { name: "Sign in as Grace" }).click();

test("a signed-in customer finds their conversation on a second device, and loses it on signing out", async () => {
  const laptop = await device();
  await signIn(laptop.page);
  await openWidget(laptop.page);
  await say(laptop.page, "My parcel to Lisbon is late");
  // Stored: the sent message is no longer pending.
  await log(laptop.page).locator(".message.customer").first().waitFor(WAIT);

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

  // Signing out on the shop closes the chat in the widget: the next person sees none of it.
  await phone.page.getByRole("button", { name: /Sign out/ }).click();
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
  await log(tablet.page).locator(".message.customer").first().waitFor(WAIT);
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
