// The customer beside the conversation in the agent console, against a real `wrangler dev` in Debian's
// Chromium: a customer the site signed in (name, email, verified, attributes by label, earlier
// conversations with their outcome and rating, only those of the agent's teams), editing their email in place (saved; a bad one refused and shown), hostile text
// in a name, a phone's width, and the panel's loading, missing and failed states. Screenshots go to
// test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, inWindow, pageOverflow, visualOrder, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const RLO = "\u202e"; // RIGHT-TO-LEFT OVERRIDE: reverses what follows, unless isolated
const run = Math.random().toString(36).slice(2, 8);
const ZOE = {
  sub: `zoe-${run}`,
  name: "Zoë Martin",
  email: `zoe-${run}@example.com`,
  locale: "fr-CA",
  attributes: { plan: "pro", vip: true },
};
const HOSTILE_NAME = `<img src=x onerror="window.pwned=1">Mallory ${RLO}`;
const MALLORY = { sub: `mallory-${run}`, name: HOSTILE_NAME, email: `mallory-${run}@example.com` };

let api;
let tokens;
/**
 * Zoë's conversations: an earlier one (resolved, rated), one escalated and then abandoned, one in a
 * team Alice is not in, and the one an agent opens.
 */
const zoe = {};
const pageErrors = [];
// Chromium logs a refused request as a console error: these pages expect the refusals they cause.
const EDITING = "alice, editing";
const STATES = "alice, the panel's states";
const EXPECTED = { [EDITING]: /status of 400/, [STATES]: /status of 40[34]/ };

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function agentPage(viewport, who = `alice at ${viewport.width} px`) {
  const context = await suite.browser.newContext({ viewport });
  const page = watch(await context.newPage(), who, pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  return page;
}

/** Opens `name`'s conversation that is not resolved (nor the one showing `other`), from All. */
async function openConversation(page, name, other = "Refund me") {
  await page.getByRole("button", { name: /^All$/ }).click();
  await page
    .locator(".row", { hasText: name, hasNot: page.locator(".status.resolved") })
    .filter({ hasNotText: other })
    .click();
  await page.locator(".conversation h2").getByText(name).waitFor(WAIT);
}

/** Starts a session as the site's signed-in user, who writes `content` in it. */
async function startAs(person, content, team_id = "support") {
  const { sub, ...claims } = person;
  const identity_token = await api.identityToken(sub, claims);
  const started = await api.post("/sessions", null, { identity_token, team_id });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  assert.equal(started.body.customer.id, sub);
  const token = started.body.customer_token.token;
  const sent = await api.post(`/sessions/${started.body.id}/messages`, token, { content });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  return { id: started.body.id, token };
}

async function resolveAndRate(session, score) {
  const resolved = await api.post(`/sessions/${session.id}/resolve`, tokens.alice, {});
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  const rated = await api.post(`/sessions/${session.id}/rating`, session.token, { score });
  assert.equal(rated.status, 200, JSON.stringify(rated.body));
}

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
      for (const [key, type, label] of [
        ["plan", "string", "Plan"],
        ["vip", "boolean", "VIP customer"],
      ]) {
        const declared = await api.put(`/contact-attributes/${key}`, tokens.sam, { type, label });
        assert.equal(declared.status, 200, JSON.stringify(declared.body));
      }
      zoe.earlier = await startAs(ZOE, "My parcel never arrived");
      await resolveAndRate(zoe.earlier, 4);
      zoe.abandoned = await startAs(ZOE, "Where is my voucher?");
      const escalated = await api.post(`/sessions/${zoe.abandoned.id}/escalate`, tokens.alice, {
        reason: "Voucher system down",
      });
      assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
      const abandoned = await api.post(`/sessions/${zoe.abandoned.id}/resolve`, tokens.alice, {
        outcome: "abandoned",
      });
      assert.equal(abandoned.status, 200, JSON.stringify(abandoned.body));
      const billing = `billing-${run}`;
      const team = await api.post("/teams", tokens.sam, {
        id: billing,
        name: "Billing",
        routing: "manual",
        members: [],
      });
      assert.equal(team.status, 201, JSON.stringify(team.body));
      zoe.elsewhere = await startAs(ZOE, "A billing question for another team", billing);
      zoe.current = await startAs(ZOE, "Hello again, about that parcel");
    },
  },
);

test("beside the conversation: the signed-in customer, their attributes and earlier conversations", async () => {
  const page = await agentPage({ width: 1280, height: 800 });
  await openConversation(page, ZOE.name);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  await panel.locator(".name").getByText(ZOE.name).waitFor(WAIT);
  assert.match(await panel.locator(".verified").textContent(), /verified by the site/);
  const details = Object.fromEntries(
    await panel
      .locator("dt")
      .evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
  );
  assert.match(details.Email, new RegExp(`^${ZOE.email}`));
  assert.equal(details.Language, "fr-CA");
  assert.equal(details.Plan, "pro");
  assert.equal(details["VIP customer"], "yes");
  assert.match(details["First seen"], /^\d+ (s|min) ago$/);

  // Her conversations Alice may see (not the other team's, which the desk-wide contact lists),
  // newest first, each with what became of it and its rating.
  const items = panel.locator(".contact-sessions li");
  await items.first().waitFor(WAIT);
  const contact = await api.get(`/contacts/${ZOE.sub}`, tokens.alice);
  assert.equal(contact.body.sessions.length, 4, "the contact knows all four");
  assert.equal(await items.count(), 3);
  const texts = await items.allTextContents();
  assert.match(texts[0], /^\w+ this conversation · .*started \d+ (s|min) ago$/);
  // Each with its last words, the customer's, not the service's "The chat was resolved." after them.
  assert.match(texts[1], /^abandoned escalated “Where is my voucher\?” · started \d+ (s|min) ago$/);
  assert.match(
    texts[2],
    /^resolved “My parcel never arrived” · started \d+ (s|min) ago · rated 4 of 5$/,
  );
  assert.ok(!texts.some((text) => text.includes("billing")), "no other team's conversation");
  const current = panel.locator("li[aria-current=true]");
  assert.match(await current.textContent(), /^\w+ this conversation · /);
  const earlier = panel.locator("li", { hasText: "rated 4 of 5" });

  // A column of its own: the conversation keeps the middle, nothing overflows, no toggle needed.
  const [conversation, aside] = [
    await page.locator(".conversation").boundingBox(),
    await panel.boundingBox(),
  ];
  assert.ok(aside.x >= conversation.x + conversation.width - 1, "the panel is beside it");
  assert.equal(
    await page.getByRole("button", { name: "Customer", exact: true }).isVisible(),
    false,
  );
  assert.ok(await inWindow(page.locator(".composer textarea")), "the composer is on screen");
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await shot(page, "contact-panel.png");
  assert.deepEqual(await axe(page), [], "the conversation with the customer's panel");

  // An earlier conversation opens in the console, and is then the one marked.
  await earlier.getByRole("button").click();
  await page
    .getByRole("log", { name: "Transcript" })
    .getByText("My parcel never arrived")
    .waitFor(WAIT);
  await panel.locator("li[aria-current=true]", { hasText: "rated 4 of 5" }).waitFor(WAIT);
  await page.context().close();
});

test("a rating given while the conversation is open shows beside it at once", async () => {
  const ruth = { sub: `ruth-${run}`, name: "Ruth Okafor", email: `ruth-${run}@example.com` };
  const session = await startAs(ruth, "Thank you for sorting out my order");
  const page = await agentPage({ width: 1280, height: 800 }, "alice, a rating arrives");
  await openConversation(page, ruth.name);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  const current = panel.locator("li[aria-current=true]");
  await current.waitFor(WAIT);
  const resolved = await api.post(`/sessions/${session.id}/resolve`, tokens.alice, {});
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  await panel.locator("li[aria-current=true]", { hasText: /^resolved/ }).waitFor(WAIT);
  // The rating comes with no message: the queue's frame says so, and the conversation reads itself.
  const rated = await api.post(`/sessions/${session.id}/rating`, session.token, { score: 5 });
  assert.equal(rated.status, 200, JSON.stringify(rated.body));
  await panel.locator("li[aria-current=true]", { hasText: "rated 5 of 5" }).waitFor(WAIT);
  await page.context().close();
});

test("the agent changes the email in place; a bad one is refused and shown, and changes nothing", async () => {
  const page = await agentPage({ width: 1280, height: 800 }, EDITING);
  await openConversation(page, ZOE.name);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  const email = panel.locator("dt", { hasText: "Email" }).locator("xpath=following-sibling::dd[1]");
  await email.getByText(ZOE.email).waitFor(WAIT);

  const changed = `zoe.martin-${run}@example.org`;
  // The service answers slowly: until it has, the panel shows no new email.
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  await page.route("**/contacts/*", async (route) => {
    if (route.request().method() === "PATCH") await held;
    await route.continue();
  });
  await panel.getByRole("button", { name: "Edit email" }).click();
  await panel.getByLabel("Email").fill(changed);
  await panel.getByRole("button", { name: "Save" }).click();
  await panel.getByRole("button", { name: "Saving…" }).waitFor(WAIT);
  assert.equal(await panel.getByText(changed, { exact: true }).count(), 0, "not shown as saved");
  release();
  await email.getByText(changed, { exact: true }).waitFor(WAIT);
  await page.unroute("**/contacts/*");
  const reread = await api.get(`/contacts/${ZOE.sub}`, tokens.alice);
  assert.equal(reread.body.contact.email, changed, "the service keeps it");
  // Focus returns to the button that opened the form.
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
    "Edit email",
  );

  await panel.getByRole("button", { name: "Edit email" }).click();
  await panel.getByLabel("Email").fill("not an email");
  await panel.getByRole("button", { name: "Save" }).click();
  const problem = panel.getByRole("alert");
  await problem.waitFor(WAIT);
  assert.equal(await problem.textContent(), "That is not an email address.");
  assert.equal(
    await panel.getByLabel("Email").inputValue(),
    "not an email",
    "what was typed stays",
  );
  assert.equal(await panel.getByLabel("Email").getAttribute("aria-invalid"), "true");
  await shot(page, "contact-panel-bad-email.png");
  assert.equal((await api.get(`/contacts/${ZOE.sub}`, tokens.alice)).body.contact.email, changed);
  await page.keyboard.press("Escape");
  await email.getByText(changed, { exact: true }).waitFor(WAIT);

  // The name, the same way; another console showing the conversation follows it too.
  const elsewhere = await agentPage({ width: 1280, height: 800 }, "alice elsewhere");
  await openConversation(elsewhere, ZOE.name);
  await panel.getByRole("button", { name: "Edit name" }).click();
  await panel.getByLabel("Name").fill("Zoë Martin-Lefèvre");
  await panel.getByRole("button", { name: "Save" }).click();
  await panel.locator(".name").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  assert.equal(
    (await api.get(`/contacts/${ZOE.sub}`, tokens.alice)).body.contact.name,
    "Zoë Martin-Lefèvre",
  );
  // The conversation and the list call them by it now, without a reload.
  await page.locator(".conversation h2").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  await page.locator(".queue .row.open .who").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  await elsewhere.locator(".conversation h2").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  await elsewhere.locator(".queue .row.open .who").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  await elsewhere
    .getByRole("complementary", { name: "Customer details" })
    .locator(".name")
    .getByText("Zoë Martin-Lefèvre")
    .waitFor(WAIT);
  await elsewhere.context().close();
  await page.context().close();
});

test("hostile text in a customer's name and messages is shown as text, isolated", async () => {
  // Another, never opened by an agent: its newest message is the customer's own.
  await startAs(MALLORY, `Refund me ${RLO} now`);
  await startAs(MALLORY, "Mallory is back");
  const page = await agentPage({ width: 1280, height: 800 });
  await openConversation(page, HOSTILE_NAME);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  const name = panel.locator(".name bdi");
  await name.waitFor(WAIT);
  assert.equal(await name.textContent(), HOSTILE_NAME, "the name, character for character");
  assert.equal(await page.locator(".contact img").count(), 0, "no element made of it");
  assert.equal(await page.evaluate(() => globalThis.pwned), undefined, "nothing ran");
  // The console's own words after the name and after a message keep their order.
  assert.deepEqual(await visualOrder(panel.locator(".name"), "verified", "site"), {
    leftToRight: true,
    oneLine: true,
  });
  const item = panel.locator("li", { hasText: "Refund me" });
  assert.deepEqual(await visualOrder(item, "started", "ago"), { leftToRight: true, oneLine: true });
  await shot(page, "contact-panel-hostile.png");
  await page.context().close();
});

test("at a phone's width the panel opens over the conversation with Customer, and closes", async () => {
  const page = await agentPage({ width: 390, height: 844 });
  await openConversation(page, ZOE.name);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  const toggle = page.getByRole("button", { name: "Customer", exact: true });
  assert.equal(await panel.isVisible(), false, "the transcript has the screen");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await shot(page, "contact-phone-closed.png");

  await toggle.click();
  await panel.locator(".name").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.ok(await inWindow(panel), "the panel fits the window");
  const box = await panel.boundingBox();
  assert.equal(Math.round(box.width), 390, "the whole width");
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    "Close",
    "the focus goes into the panel",
  );
  await shot(page, "contact-phone-open.png");
  assert.deepEqual(await axe(page), [], "the panel on a phone");

  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden", ...WAIT });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Customer");
  assert.ok(await inWindow(page.locator(".composer textarea")), "the composer is on screen");
  await page.context().close();
});

test("loading, no details, and a failed read with a retry", async () => {
  const page = await agentPage({ width: 1280, height: 800 }, STATES);
  const panel = page.getByRole("complementary", { name: "Customer details" });
  for (const status of [404, 403]) {
    await page.route("**/contacts/*", (route) =>
      route.fulfill({
        status,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "No", status, detail: "No." }),
      }),
    );
    await openConversation(page, ZOE.name);
    await panel.getByText("No customer details.").waitFor(WAIT);
    await page.unroute("**/contacts/*");
    await openConversation(page, HOSTILE_NAME);
    await panel.locator(".name bdi").getByText(HOSTILE_NAME).waitFor(WAIT);
  }

  // A dropped connection: the panel says so and offers to try again, which works once it is back.
  await page.route("**/contacts/*", (route) => route.abort("internetdisconnected"));
  await openConversation(page, ZOE.name);
  await panel
    .getByRole("alert")
    .getByText(/could not be read/)
    .waitFor(WAIT);
  await shot(page, "contact-panel-failed.png");
  await page.unroute("**/contacts/*");

  // A slow answer: "Reading…" while it comes.
  await page.route("**/contacts/*", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await panel.getByRole("button", { name: "Retry" }).click();
  await panel.getByRole("status").getByText("Reading the customer's details…").waitFor(WAIT);
  await panel.locator(".name").getByText("Zoë Martin-Lefèvre").waitFor(WAIT);
  await page.unroute("**/contacts/*");

  // Her conversations are read on their own: a dropped read says so, the profile stays, retry works.
  const hers = (url) => url.pathname === "/sessions" && url.searchParams.has("customer");
  await page.route(hers, (route) => route.abort("internetdisconnected"));
  await openConversation(page, HOSTILE_NAME);
  await panel.getByText("Their conversations could not be read.", { exact: false }).waitFor(WAIT);
  await panel.locator(".name bdi").getByText(HOSTILE_NAME).waitFor(WAIT);
  await page.unroute(hers);
  await panel.getByRole("button", { name: "Retry" }).click();
  await panel.locator(".contact-sessions li", { hasText: "this conversation" }).waitFor(WAIT);
  await page.context().close();
});

test("no page error in any of it", () => {
  const expected = (error) =>
    Object.entries(EXPECTED).some(
      ([who, refusal]) => error.startsWith(`${who}:`) && refusal.test(error),
    );
  assert.deepEqual(
    pageErrors.filter((error) => !expected(error)),
    [],
  );
});

test("an attribute with a long label wraps it, and every value stays in the panel beside its label", async () => {
  const label = `Longest${"loyalty".repeat(13)}`; // 98 characters, no space
  const declared = await api.put("/contact-attributes/tier", tokens.sam, { type: "string", label });
  assert.equal(declared.status, 200, JSON.stringify(declared.body));
  const uma = { sub: `uma-${run}`, name: "Uma Reyes", email: `uma-${run}@example.com` };
  await startAs({ ...uma, attributes: { tier: "gold" } }, "Which tier am I on?");
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    const page = await agentPage(viewport, `alice, a long attribute label at ${viewport.width} px`);
    await openConversation(page, uma.name);
    const toggle = page.getByRole("button", { name: "Customer", exact: true });
    if (await toggle.isVisible()) await toggle.click();
    const panel = page.getByRole("complementary", { name: "Customer details" });
    await panel.locator("dd", { hasText: "gold" }).waitFor(WAIT);
    const box = await panel.boundingBox();
    const values = await panel.locator("dd").evaluateAll((dds) =>
      dds.map((dd) => {
        const { left, right, width } = dd.getBoundingClientRect();
        return { text: dd.textContent, left, right, width };
      }),
    );
    assert.ok(values.length >= 4, JSON.stringify(values));
    for (const value of values) {
      assert.ok(value.width >= 60, `${value.text} has room: ${JSON.stringify(value)}`);
      assert.ok(
        value.right <= box.x + box.width + 1,
        `${value.text} in the panel (${box.width} px)`,
      );
    }
    assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
    await shot(page, `contact-panel-long-label-${viewport.width}.png`);
    await page.context().close();
  }
});
