// The console's search across conversations, against a real `wrangler dev` in Debian's Chromium: an
// agent searches, sees the words marked, filters, opens a conversation from a result; another team's
// conversations never show; what customers wrote is shown as text; at 1280x800 and a phone's width.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, axe, pageOverflow, signInWithToken, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const HOSTILE = `My kettle <img src=x onerror="window.pwned=1"> <b>leaks</b> everywhere`;

let api;
let alice;
const pageErrors = [];
const sessions = {};

/** Starts a session (in `team`) whose customer writes `texts`; answers its id. */
async function conversation(team, texts) {
  const started = await api.post("/sessions", null, team ? { team_id: team } : {});
  assert.equal(started.status, 201);
  for (const content of texts) {
    const sent = await api.post(
      `/sessions/${started.body.id}/messages`,
      started.body.customer_token.token,
      { content },
    );
    assert.equal(sent.status, 201);
  }
  return started.body.id;
}

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" } },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      const sam = await api.agentToken("sam", "Sam", "supervisor");
      alice = await api.agentToken("alice", "Alice");
      for (const [id, name, members] of [
        ["north", "North", ["alice"]],
        ["south", "South", ["bob"]],
      ]) {
        assert.equal((await api.post("/teams", sam, { id, name, members })).status, 201);
      }
      sessions.hostile = await conversation("north", [HOSTILE]);
      sessions.second = await conversation("north", ["The kettle handle came off", "thanks"]);
      sessions.south = await conversation("south", ["South kettle secret never for Alice"]);
      const numbered = [];
      for (let i = 0; i < 22; i++) {
        numbered.push(await conversation("north", [`kettle number ${i} descaling`]));
      }
      const label = await api.post("/labels", sam, {
        name: "Limescale <i>x</i>",
        colour: "#b45309",
      });
      assert.equal(label.status, 201);
      for (const id of numbered.slice(0, 3)) {
        const put = await api.put(`/sessions/${id}/labels/${label.body.id}`, sam);
        assert.equal(put.status, 200);
      }
      assert.equal(
        (await api.post(`/sessions/${sessions.second}/assign`, sam, { agent_id: "alice" })).status,
        200,
      );
    },
  },
);

async function searchPage(viewport) {
  const context = await suite.browser.newContext({ viewport });
  const page = watch(await context.newPage(), "alice", pageErrors);
  await signInWithToken(page, suite.server.origin, alice);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("searchbox", { name: "Words" }).fill("kettle leak");
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  return page;
}

test("an agent finds their team's conversations with the words marked, as text", async () => {
  const page = await searchPage({ width: 1280, height: 800 });
  const results = page.locator(".row.hit");
  await results.first().waitFor(WAIT);
  // Only the hostile message has both words; its markup is shown as the customer wrote it.
  assert.equal(await results.count(), 1);
  const snippet = results.first().locator(".snippet");
  assert.equal(await snippet.textContent(), HOSTILE);
  assert.deepEqual(await snippet.locator("mark").allInnerTexts(), ["kettle", "leaks"]);
  assert.equal(await page.locator(".search img, .search b").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // Every kettle: a page of 20, the South team's never among them, and a next page.
  await page.getByRole("searchbox", { name: "Words" }).fill("kettle");
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await page.getByRole("status").filter({ hasText: "Results 1 to 20" }).waitFor(WAIT);
  assert.equal(await results.count(), 20);
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByRole("status").filter({ hasText: "Results 21 to 24." }).waitFor(WAIT);
  const everything =
    (await page.locator(".search").textContent()) + (await results.allInnerTexts());
  assert.doesNotMatch(everything, /South kettle secret/);
  await page.getByText(/archived and not searched/).waitFor(WAIT);

  // Filtered by a label: the three conversations carrying it (its name shown as text).
  await page.getByLabel("Label").selectOption({ label: "Limescale <i>x</i>" });
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await page.getByRole("status").filter({ hasText: "Results 1 to 3." }).waitFor(WAIT);
  assert.deepEqual(
    (await results.locator(".snippet").allTextContents()).map((t) => t.replace(/\d+/, "N")),
    ["kettle number N descaling", "kettle number N descaling", "kettle number N descaling"],
  );
  await page.getByLabel("Label").selectOption("");

  // Filtered to what is hers: the one assigned to her.
  await page.getByLabel("Assignee").selectOption("me");
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  // (Routing may have given her more of North's chats: the service says how many are hers.)
  const hers = await api.get("/search/messages?q=kettle&assignee=me&limit=50", alice);
  const count = hers.body.results.length;
  assert.ok(count >= 1 && count < 20, `${count} of hers`);
  await page
    .getByRole("status")
    .filter({ hasText: `Results 1 to ${count}.` })
    .waitFor(WAIT);
  assert.deepEqual(
    new Set(await results.locator(".status").allTextContents()),
    new Set(["assigned"]),
  );
  const handle = results.filter({ hasText: "handle came off" });
  await page.screenshot({ path: join(RESULTS, "search-1280.png") });

  // Opening it shows the conversation beside the results.
  await handle.click();
  await page
    .getByRole("log", { name: "Transcript" })
    .getByText("The kettle handle came off")
    .waitFor(WAIT);
  assert.equal(await results.count(), count, "the results stay beside it");
  await page.screenshot({ path: join(RESULTS, "search-open-1280.png") });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(pageErrors, []);
});

test("on a phone the results fit the width, and a conversation opens in their place", async () => {
  const page = await searchPage({ width: 390, height: 844 });
  await page.locator(".row.hit").first().waitFor(WAIT);
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await page.screenshot({ path: join(RESULTS, "search-390.png") });
  await page.locator(".row.hit").first().click();
  await page.getByRole("log", { name: "Transcript" }).getByText(HOSTILE).waitFor(WAIT);
  assert.equal(await page.locator(".row.hit").isVisible(), false);
  await page.screenshot({ path: join(RESULTS, "search-open-390.png") });
  assert.deepEqual(pageErrors, []);
});

test("a search with no words says so", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInWithToken(page, suite.server.origin, alice);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("searchbox", { name: "Words" }).fill("?!");
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await page.getByRole("alert").filter({ hasText: "The search has no words." }).waitFor(WAIT);
});
