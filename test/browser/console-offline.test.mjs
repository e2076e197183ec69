// The agent console with the line gone, against a real `wrangler dev` in Debian's Chromium: an
// action or a change of availability that cannot reach the service says so (it failed silently),
// a management view opened offline says it could not read its list, offers to try again and reads it
// once the line is back (it showed "No labels yet." or "Loading…" for good), a failed removal keeps
// the list and says why beside its row, and a long list of labels scrolls inside its view. Screenshots go
// to test-results/.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf, pageOverflow, WAIT, watch } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const run = Math.random().toString(36).slice(2, 8);
const LABELS = 60;
const UNREACHED_CHANGE = "The service cannot be reached; nothing was changed.";
const UNREACHED_READ = /The service cannot be reached; try again\. Try again/;

let api;
let tokens;
let waiting;
const pageErrors = [];
// Offline, Chromium logs each refused fetch and socket as a console error, and the refused rename
// its 409: expected here.
const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function consoleAs(button, viewport = { width: 1280, height: 800 }) {
  const context = await suite.browser.newContext({ viewport });
  const page = watch(await context.newPage(), `${button}, offline`, pageErrors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: button }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  return page;
}

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      tokens = { sam: await api.agentToken("sam", "Sam", "supervisor") };
      for (let i = 0; i < LABELS; i++) {
        const name = `Label ${String(i).padStart(2, "0")} ${run}`;
        const made = await api.post("/labels", tokens.sam, { name, colour: "#15803d" });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
      // A team that hands out nothing by itself: Olive's chat waits to be taken.
      const team = `manual-${run}`;
      const made = await api.post("/teams", tokens.sam, {
        id: team,
        name: `Manual ${run}`,
        routing: "manual",
        members: ["alice"],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const reply = await api.post("/saved-replies", tokens.sam, {
        shortcut: `hello-${run}`,
        title: "Hello",
        text: "Hello, how can I help?",
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const started = await api.post("/sessions", null, {
        team_id: team,
        contact: { name: `Olive ${run}` },
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      waiting = started.body;
      const token = started.body.customer_token.token;
      const sent = await api.post(`/sessions/${waiting.id}/messages`, token, { content: "Hi" });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
    },
  },
);

test("an action or a change of availability that cannot reach the service says so, and changes nothing", async () => {
  const page = await consoleAs("Sign in as Alice, agent");
  await page.getByRole("button", { name: /^All$/ }).click();
  await page.locator(".queue .row", { hasText: `Olive ${run}` }).click();
  const take = page.getByRole("button", { name: "Take (t)" });
  await take.waitFor(WAIT);

  await page.context().setOffline(true);
  await take.click();
  await page.getByRole("alert").filter({ hasText: UNREACHED_CHANGE }).first().waitFor(WAIT);
  await shot(page, "console-offline-take.png");
  await page.getByRole("button", { name: "Available for chats" }).click();
  await page
    .locator(".desk > .notice, p.notice", { hasText: UNREACHED_CHANGE })
    .first()
    .waitFor(WAIT);
  await page.context().setOffline(false);

  const session = await api.get(`/sessions/${waiting.id}`, tokens.sam);
  assert.equal(session.body.status, "open", "still waiting: nothing was taken");
  assert.equal(session.body.assignee, null);
  const me = await api.get("/agents/me", await api.agentToken("alice", "Alice"));
  assert.equal(me.body.status, "online", "still available");
  await page.context().close();
});

test("labels opened offline say they could not be read, and are read once the line is back; a long list scrolls in its view", async () => {
  const page = await consoleAs("Sign in as Sam, supervisor");
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "Labels" }).click();
  const view = page.getByRole("region", { name: "Labels" });
  await view.getByRole("alert").filter({ hasText: UNREACHED_READ }).waitFor(WAIT);
  assert.equal(await view.getByText("No labels yet.").count(), 0, "not an empty desk");
  await shot(page, "console-offline-labels.png");

  await page.context().setOffline(false); // the browser's "online" reads them again
  const rows = view.locator(".label-list > li", { hasText: run });
  await rows.nth(LABELS - 1).waitFor(WAIT);
  assert.equal(await view.getByRole("alert").count(), 0, "the failed read is no longer said");

  // Sixty rows scroll inside the view: the page itself never grows past the window.
  await rows.nth(LABELS - 1).scrollIntoViewIfNeeded();
  assert.deepEqual(await pageOverflow(page), { vertical: 0, horizontal: 0 });
  await page.context().close();
});

test("a removal that cannot reach the service keeps the list and says why beside the label", async () => {
  const page = await consoleAs("Sign in as Sam, supervisor");
  await page.getByRole("button", { name: "Labels" }).click();
  const view = page.getByRole("region", { name: "Labels" });
  const rows = view.locator(".label-list > li", { hasText: run });
  await rows.nth(LABELS - 1).waitFor(WAIT);
  page.on("dialog", (dialog) => void dialog.accept());
  await page.context().setOffline(true);
  const first = rows.first();
  await first.getByRole("button", { name: "Remove" }).click();
  await first.getByRole("alert").filter({ hasText: UNREACHED_CHANGE }).waitFor(WAIT);
  assert.equal(await rows.count(), LABELS, "every label still listed");
  await shot(page, "console-offline-label-remove.png");

  // A rename refused (a name taken) is said beside its own form, not at the top of the view.
  await page.context().setOffline(false);
  const taken = `Label 01 ${run}`;
  await first.getByRole("textbox").fill(taken);
  await first.getByRole("button", { name: "Save" }).click();
  await first
    .getByRole("alert")
    .filter({ hasText: /exists/ })
    .waitFor(WAIT);
  await page.context().close();
});

test("saved replies, the team and the dashboard opened offline offer to try again, and read once the line is back", async () => {
  const page = await consoleAs("Sign in as Sam, supervisor");
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "Saved replies" }).click();
  await page.getByRole("alert").filter({ hasText: UNREACHED_READ }).waitFor(WAIT);
  assert.equal(await page.getByText("Loading…").count(), 0, "not loading for good");
  await page.context().setOffline(false);
  await page.getByRole("list", { name: "Saved replies" }).getByText(`/hello-${run}`).waitFor(WAIT);

  for (const [tab, shown] of [
    ["Team", page.getByRole("region", { name: "Team" }).locator("table")],
    ["Dashboard", page.getByRole("region", { name: "Dashboard" }).locator(".figures")],
  ]) {
    await page.context().setOffline(true);
    await page.getByRole("button", { name: tab }).click();
    const unread = page.getByRole("alert").filter({ hasText: UNREACHED_READ });
    await unread.waitFor(WAIT);
    await page.context().setOffline(false);
    await unread.getByRole("button", { name: "Try again" }).click();
    await shown.waitFor(WAIT);
    assert.equal(await unread.count(), 0, `${tab}: the failed read is no longer said`);
  }
  await page.context().close();
});

test("no page error but the refused requests of the line being gone", () => {
  const unexpected = pageErrors.filter(
    (e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|WebSocket|net::|status of 409/.test(e),
  );
  assert.deepEqual(unexpected, []);
});
