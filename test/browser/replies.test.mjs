// Saved replies and the assistant in the console, against a real `wrangler dev` (its model an
// OpenAI-compatible endpoint this test runs, AI_BASE_URL) in Debian's Chromium: `/shortcut` in the
// composer (fuzzy, keyboard first, filled in, edited, sent), the supervisors' view, "Draft a reply"
// and "Summarise" (the model's, and the suggestions when it fails), a phone's width, hostile text.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, pageOverflow, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const HOSTILE = `<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>`;
const NOTE = "Internal: VIP, code 4411";
const DRAFTED = "Refunds reach your card within 14 days of the return arriving.";
const SUMMARY = "The customer wants a refund for boots bought last week.";

let api;
const tokens = {};
/** The model's endpoint: what it was asked, and whether it answers or fails. */
const model = { server: null, failing: false, asked: [] };
const pageErrors = [];

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function consoleAs(viewport, preset, who, errors = pageErrors) {
  const page = watch(await (await suite.browser.newContext({ viewport })).newPage(), who, errors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: `Sign in as ${preset}` }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  return page;
}

/** A session of Grace's, taken by Alice, where Grace asked about a refund and Alice left a note. */
async function gracesSession() {
  const started = await api.post("/sessions", null, { contact: { name: "Grace Hopper" } });
  assert.equal(started.status, 201);
  const { id } = started.body;
  const customer = started.body.customer_token.token;
  for (const content of ["Hi, I bought boots last week", "How do I get a refund?"]) {
    assert.equal((await api.post(`/sessions/${id}/messages`, customer, { content })).status, 201);
  }
  assert.equal((await api.post(`/sessions/${id}/take`, tokens.alice, {})).status, 200);
  const note = { content: NOTE, visibility: "internal" };
  assert.equal((await api.post(`/sessions/${id}/messages`, tokens.alice, note)).status, 201);
  return id;
}

/** Opens Alice's session with Grace from her list. */
async function openGrace(page) {
  await page.keyboard.press("2");
  await page.locator(".row", { hasText: "Grace Hopper" }).first().click();
  await page
    .getByRole("log", { name: "Transcript" })
    .getByText("How do I get a refund?")
    .waitFor(WAIT);
  return page.locator("#composer");
}

const suite = withServerAndBrowser(
  async () => {
    model.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        const { messages } = JSON.parse(body);
        const text = messages.map((m) => m.content).join("\n");
        model.asked.push(text);
        if (model.failing) return response.writeHead(500).end();
        const article = /<article id="([^"]+)"/.exec(text)?.[1];
        const answer = text.includes("You summarise")
          ? { action: "answer", reply: SUMMARY, reason: "", sources: [] }
          : { action: "answer", reply: DRAFTED, reason: "", sources: article ? [article] : [] };
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(
          JSON.stringify({ choices: [{ message: { content: JSON.stringify(answer) } }] }),
        );
      });
    });
    await new Promise((resolve) => model.server.listen(0, "127.0.0.1", resolve));
    return {
      vars: {
        DEV_SIGN_IN: "true",
        AI_MODEL: "scripted",
        AI_BASE_URL: `http://127.0.0.1:${model.server.address().port}/v1`,
        AI_TIMEOUT_MS: "3000",
      },
      sqlFiles: ["scripts/sample-kb.sql"],
    };
  },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      tokens.alice = await api.agentToken("alice", "Alice");
      tokens.sam = await api.agentToken("sam", "Sam", "supervisor");
      for (const [shortcut, title, text] of [
        [
          "refund-policy",
          "Refund policy",
          "Hi {{customer.first_name}}, refunds take 14 days. {{agent.name}}",
        ],
        ["refer-friend", "Refer a friend", "Share your code with {{customer.name}}'s friends."],
        ["hours", "Opening hours", "We answer from nine to five."],
        ["hostile", `Hostile ${HOSTILE}`, `${HOSTILE} for {{customer.name}}`],
      ]) {
        const saved = await api.post("/saved-replies", tokens.sam, { shortcut, title, text });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
      }
    },
    teardown: () => {
      model.server?.close();
      assert.deepEqual(pageErrors, []);
    },
  },
);

test("typing /ref in the composer narrows the saved replies; Enter inserts one filled in, to edit and send", async () => {
  const id = await gracesSession();
  const alice = await consoleAs({ width: 1280, height: 800 }, "Alice, agent", "alice");
  const composer = await openGrace(alice);
  await composer.click();
  await composer.pressSequentially("Thanks! /ref");
  const options = alice.getByRole("option");
  await options.first().waitFor(WAIT);
  assert.deepEqual(await alice.locator("[role=option] .shortcut").allTextContents(), [
    "/refer-friend",
    "/refund-policy",
  ]);
  assert.equal(await composer.getAttribute("aria-controls"), "reply-picker");
  await shot(alice, "replies-picker-1280.png");
  // Arrows move the choice (and the composer says which); fuzzy: letters in order.
  await alice.keyboard.press("ArrowDown");
  assert.equal(await options.nth(1).getAttribute("aria-selected"), "true");
  assert.equal(
    await composer.getAttribute("aria-activedescendant"),
    await options.nth(1).getAttribute("id"),
  );
  await composer.pressSequentially("xq");
  assert.deepEqual(await alice.locator("[role=option] .shortcut").allTextContents(), []);
  await alice.getByText("No saved reply matches").waitFor(WAIT);
  // A shortcut that matches nothing is not sent by Enter: it stays in the composer.
  const before = (await api.get(`/sessions/${id}`, tokens.alice)).body.messages.length;
  await alice.keyboard.press("Enter");
  assert.equal(await composer.inputValue(), "Thanks! /refxq");
  await alice.getByText("No saved reply matches").waitFor(WAIT);
  assert.equal((await api.get(`/sessions/${id}`, tokens.alice)).body.messages.length, before);
  for (let i = 0; i < 5; i++) await alice.keyboard.press("Backspace");
  await composer.pressSequentially("rfpol");
  assert.deepEqual(await alice.locator("[role=option] .shortcut").allTextContents(), [
    "/refund-policy",
  ]);
  await alice.keyboard.press("Enter");
  await alice.locator(".reply-picker").waitFor({ state: "detached", ...WAIT });
  assert.equal(await composer.inputValue(), "Thanks! Hi Grace, refunds take 14 days. Alice");
  // Edited, then sent with Enter.
  await composer.pressSequentially(" Anything else?");
  await alice.keyboard.press("Enter");
  const sent = "Thanks! Hi Grace, refunds take 14 days. Alice Anything else?";
  await alice.locator(".log .message", { hasText: sent }).waitFor(WAIT);
  const read = await api.get(`/sessions/${id}`, tokens.alice);
  assert.equal(read.body.messages.at(-1).content, sent);

  // Esc closes the list and keeps what was typed; Tab inserts too.
  await composer.pressSequentially("/hou");
  await options.first().waitFor(WAIT);
  await alice.keyboard.press("Escape");
  await alice.locator(".reply-picker").waitFor({ state: "detached", ...WAIT });
  assert.equal(await composer.inputValue(), "/hou");
  assert.ok(await composer.evaluate((e) => e === document.activeElement), "still writing");
  await composer.pressSequentially("r");
  await alice.keyboard.press("Tab");
  assert.equal(await composer.inputValue(), "We answer from nine to five.");
  // A slash inside a word is just a slash.
  await composer.fill("");
  await composer.pressSequentially("and/or");
  assert.equal(await alice.locator(".reply-picker").count(), 0);
  // A slash word meant as text: Esc closes the list, then Enter sends it.
  await composer.fill("");
  await composer.pressSequentially("see /zzz");
  await alice.getByText("No saved reply matches").waitFor(WAIT);
  await alice.keyboard.press("Escape");
  await alice.keyboard.press("Enter");
  await alice.locator(".log .message", { hasText: "see /zzz" }).waitFor(WAIT);
  assert.deepEqual(await axe(alice), []);
});

test("hostile text in a saved reply is shown and inserted as text", async () => {
  await gracesSession();
  const alice = await consoleAs({ width: 1280, height: 800 }, "Alice, agent", "alice-hostile");
  const composer = await openGrace(alice);
  await composer.click();
  await composer.pressSequentially("/hostile");
  const option = alice.getByRole("option").first();
  await option.waitFor(WAIT);
  assert.match(await option.textContent(), /Hostile <img src=x onerror=/);
  assert.equal(await alice.locator(".reply-picker img, .reply-picker script").count(), 0);
  await alice.keyboard.press("Enter");
  assert.equal(await composer.inputValue(), `${HOSTILE} for Grace Hopper`);
  assert.equal(await alice.evaluate(() => window.pwned), undefined);
});

test("a supervisor keeps the saved replies: unknown placeholders refused, saved, changed, deleted", async () => {
  // The refused save is one the browser logs; nothing else may be.
  const errors = [];
  const sam = await consoleAs({ width: 1280, height: 800 }, "Sam, supervisor", "sam", errors);
  await sam.keyboard.press("8");
  await sam.getByRole("heading", { name: "Saved replies" }).waitFor(WAIT);
  const list = sam.getByRole("list", { name: "Saved replies" });
  await list.getByText("/refund-policy").waitFor(WAIT);
  assert.equal(await sam.locator(".manage-list img").count(), 0, "hostile titles as text");
  await sam.getByRole("button", { name: "New reply" }).click();
  await sam.getByLabel("Shortcut (what agents type after /)").fill("late-parcel");
  await sam.getByLabel("Title").fill("Late parcel");
  await sam.getByLabel("For").selectOption({ label: "Team Customer support" });
  await sam.getByLabel("Text").fill("Sorry {{customer.nmae}}, it is on its way.");
  await sam.getByRole("button", { name: "Save reply" }).click();
  await sam
    .getByRole("alert")
    .filter({ hasText: "unknown placeholder {{customer.nmae}}" })
    .waitFor(WAIT);
  await shot(sam, "replies-manage-refused-1280.png");
  await sam.getByLabel("Text").fill("Sorry {{customer.name}}, it is on its way.");
  await sam.getByRole("button", { name: "Save reply" }).click();
  await sam.getByRole("status").filter({ hasText: "Saved /late-parcel." }).waitFor(WAIT);
  const saved = (await api.get("/saved-replies", tokens.sam)).body.replies.find(
    (r) => r.shortcut === "late-parcel",
  );
  assert.equal(saved.team_id, "support");
  assert.equal(saved.text, "Sorry {{customer.name}}, it is on its way.");

  await sam.getByLabel("Title").fill("Late parcel, apology");
  await sam.getByRole("button", { name: "Save changes" }).click();
  await sam.getByRole("status").filter({ hasText: "Changed /late-parcel." }).waitFor(WAIT);
  await list.getByText("Late parcel, apology").waitFor(WAIT);
  await shot(sam, "replies-manage-1280.png");
  // Escape takes back the question "for good?"; asked again, it is answered.
  await sam.getByRole("button", { name: "Delete", exact: true }).click();
  await sam.keyboard.press("Escape");
  await sam.getByRole("button", { name: "Delete", exact: true }).waitFor(WAIT);
  assert.equal(await sam.evaluate(() => document.activeElement?.textContent), "Delete");
  await sam.getByRole("button", { name: "Delete", exact: true }).click();
  await sam.getByRole("button", { name: "Delete /late-parcel for good" }).click();
  await sam.getByRole("status").filter({ hasText: "Deleted /late-parcel." }).waitFor(WAIT);
  const after = (await api.get("/saved-replies", tokens.sam)).body.replies;
  assert.equal(after.filter((r) => r.shortcut === "late-parcel").length, 0);
  assert.deepEqual(await axe(sam), []);
  assert.deepEqual(errors, [
    "sam: Failed to load resource: the server responded with a status of 400 (Bad Request)",
  ]);

  // Agents have no such view.
  const alice = await consoleAs({ width: 1280, height: 800 }, "Alice, agent", "alice-views");
  assert.equal(await alice.getByRole("button", { name: "Saved replies" }).count(), 0);
});

test("Draft a reply fills the composer from the articles (no note sent to the model); a failing model leaves suggestions", async () => {
  await gracesSession();
  const alice = await consoleAs({ width: 1280, height: 800 }, "Alice, agent", "alice-draft");
  const composer = await openGrace(alice);
  model.asked = [];
  model.failing = false;
  await alice.getByRole("button", { name: "Draft a reply" }).click();
  await alice.getByText("Draft put in the composer").waitFor(WAIT);
  assert.equal(await composer.inputValue(), DRAFTED);
  await alice
    .locator(".assistant-result .source", { hasText: "Returns and refunds" })
    .waitFor(WAIT);
  assert.equal(model.asked.length, 1);
  assert.ok(model.asked[0].includes("How do I get a refund?"));
  assert.ok(!model.asked[0].includes("4411"), "notes stay out unless asked for");
  await shot(alice, "replies-draft-1280.png");

  await composer.fill("");
  model.failing = true;
  await alice.getByRole("button", { name: "Draft a reply" }).click();
  await alice.getByText("The assistant could not draft a reply").waitFor(WAIT);
  assert.equal(await composer.inputValue(), "", "nothing invented");
  await alice.locator(".suggestions .title", { hasText: "Returns and refunds" }).waitFor(WAIT);
  const suggested = alice.locator(".suggestions li", { hasText: "/refund-policy" });
  await suggested.getByRole("button", { name: "Insert" }).click();
  assert.equal(await composer.inputValue(), "Hi Grace, refunds take 14 days. Alice");
  await shot(alice, "replies-suggestions-1280.png");

  model.failing = false;
  model.asked = [];
  await alice.getByLabel("Use internal notes").check();
  await alice.getByRole("button", { name: "Summarise" }).click();
  await alice.locator(".assistant-result .summary", { hasText: SUMMARY }).waitFor(WAIT);
  assert.ok(model.asked[0].includes("4411"), "notes go to the model when asked for");
  await shot(alice, "replies-summary-1280.png");
  assert.deepEqual(await axe(alice), []);
});

test("on a phone: the picker, the assistant and the supervisors' view fit the width", async () => {
  await gracesSession();
  const phone = { width: 390, height: 844 };
  const alice = await consoleAs(phone, "Alice, agent", "alice-phone");
  const composer = await openGrace(alice);
  await composer.click();
  await composer.pressSequentially("/re");
  await alice.getByRole("option").first().waitFor(WAIT);
  const picker = await alice.locator(".reply-picker").boundingBox();
  assert.ok(picker.x >= 0 && picker.x + picker.width <= phone.width, JSON.stringify(picker));
  assert.ok(picker.y >= 0, "the list is on screen");
  await shot(alice, "replies-picker-390.png");
  await alice.keyboard.press("Escape");
  await composer.fill("");
  model.failing = true;
  await alice.getByRole("button", { name: "Draft a reply" }).click();
  await alice.getByText("The assistant could not draft a reply").waitFor(WAIT);
  model.failing = false;
  assert.equal((await pageOverflow(alice)).horizontal, 0);
  await shot(alice, "replies-suggestions-390.png");

  const sam = await consoleAs(phone, "Sam, supervisor", "sam-phone");
  await sam.keyboard.press("8");
  await sam.getByRole("list", { name: "Saved replies" }).getByText("/hours").click();
  await sam.getByLabel("Title").waitFor(WAIT);
  assert.equal(await sam.getByRole("list", { name: "Saved replies" }).isVisible(), false);
  assert.equal((await pageOverflow(sam)).horizontal, 0);
  await shot(sam, "replies-manage-390.png");
  await sam.getByRole("button", { name: "← All saved replies" }).click();
  await sam.getByRole("list", { name: "Saved replies" }).waitFor(WAIT);
});
