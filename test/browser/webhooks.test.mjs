// The console's Webhooks view as an admin uses it, against a real `wrangler dev` (its queue consumer
// delivering to a receiver this test runs, retries 0, 1 and 2 s apart) in Debian's Chromium: adding
// an endpoint, its secret once, test events signed per Standard Webhooks, failures and retries,
// rotation, disabling and deleting; a phone's width; hostile text; agents without the view.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { apiOf, axe, pageOverflow, WAIT, watch } from "./console-page.mjs";
import { RESULTS, startServer, withServerAndBrowser } from "./server.mjs";

const HOSTILE = `CRM <img src=x onerror="window.pwned=1"> sync`;
const SLOW = { timeout: 30_000 };

let api;
let admin;
/** The receiver: what it was sent, and the status it answers with. */
const receiver = { server: null, url: "", answer: 200, got: [] };
/** The endpoint the tests share: its id, and the secret the console showed for it. */
const endpoint = { id: "", secret: "" };
const pageErrors = [];

const shot = (page, name) => page.screenshot({ path: join(RESULTS, name) });

async function adminPage(viewport, who, errors = pageErrors) {
  const context = await suite.browser.newContext({ viewport });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = watch(await context.newPage(), who, errors);
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Ada, admin" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
  // An admin holds no chats: no "Mine" to keep empty.
  assert.equal(await page.getByRole("button", { name: /^Mine/ }).count(), 0);
  await page.keyboard.press("6");
  await page.getByRole("heading", { name: "Webhooks" }).waitFor(WAIT);
  return page;
}

/** The requests the receiver got with this `webhook-id`, once there are at least `count`. */
async function received(eventId, count = 1) {
  const deadline = Date.now() + SLOW.timeout;
  for (;;) {
    const found = receiver.got.filter((r) => r.headers["webhook-id"] === eventId);
    if (found.length >= count) return found;
    if (Date.now() > deadline) assert.fail(`${eventId}: ${found.length} of ${count} requests`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits out the dead-letter queue's batch (5 s in wrangler.toml): until it has buried a delivery out
 * of tries, its burial marks a replay made in the meantime failed again (reported; a service race).
 */
const buried = () => new Promise((resolve) => setTimeout(resolve, 6_000));

/** The delivery log's newest row, once its text matches `pattern`. */
async function newestRow(page, pattern) {
  const row = page.locator("table.deliveries tbody tr").first();
  await row.filter({ hasText: pattern }).waitFor(SLOW);
  return row;
}

/** Sends a test event from the open endpoint; answers its event's id (the service's answer). */
async function sendTest(page) {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/test")),
    page.getByRole("button", { name: "Send test event" }).click(),
  ]);
  assert.equal(answer.status(), 202);
  await page.getByRole("status").filter({ hasText: "Test event sent" }).waitFor(WAIT);
  return (await answer.json()).event_id;
}

const suite = withServerAndBrowser(
  async () => {
    receiver.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        receiver.got.push({ headers: request.headers, body });
        response.writeHead(receiver.answer).end();
      });
    });
    await new Promise((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${receiver.server.address().port}/hooks/support`;
    return {
      vars: {
        DEV_SIGN_IN: "true",
        WEBHOOK_ALLOW_HTTP: "true",
        WEBHOOK_RETRY_SCHEDULE: "0,1,2",
      },
    };
  },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      admin = await api.agentToken("ada", "Ada", "admin");
    },
    teardown: () => receiver.server?.close(),
  },
);

test("an admin adds an endpoint, copies its secret shown once, and a signed test event is delivered", async () => {
  const page = await adminPage({ width: 1280, height: 800 }, "ada");
  await page.getByText("No endpoints yet").waitFor(WAIT);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const url = page.getByLabel("URL", { exact: true });
  assert.ok(await url.evaluate((e) => e === document.activeElement), "the URL has the focus");
  await url.fill(receiver.url);
  await page.getByLabel("Description (optional)").fill(HOSTILE);
  await page.getByLabel(/Include internal notes/).check();
  await page.getByRole("button", { name: "Add endpoint" }).last().click();

  const secret = page.getByRole("textbox", { name: "Signing secret" });
  await secret.waitFor(WAIT);
  endpoint.secret = await secret.inputValue();
  assert.match(endpoint.secret, /^whsec_/);
  assert.ok(await secret.evaluate((e) => e === document.activeElement), "the secret has the focus");
  await page.getByText("Shown only now:").waitFor(WAIT);
  await page.getByRole("status").filter({ hasText: "shown below, only now" }).waitFor(WAIT);
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByRole("button", { name: "Copied", exact: true }).waitFor(WAIT);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), endpoint.secret);

  const listed = await api.get("/webhooks/endpoints", admin);
  assert.equal(listed.body.endpoints.length, 1);
  endpoint.id = listed.body.endpoints[0].id;
  assert.deepEqual(listed.body.endpoints[0].events, []);
  assert.equal(listed.body.endpoints[0].include_internal, true);
  assert.equal(listed.body.endpoints[0].secret, undefined, "the service never shows it again");

  // Hostile text is text: in the list and the details, never an element.
  const row = page.locator(".endpoint", { hasText: receiver.url });
  assert.equal(await row.locator(".description").textContent(), HOSTILE);
  assert.match(await row.textContent(), /Enabled.*All events/);
  assert.equal(await page.locator(".webhooks img").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await shot(page, "webhooks-secret.png");
  assert.deepEqual(await axe(page), [], "the secret shown");

  const [request] = await received(await sendTest(page));
  for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    assert.ok(request.headers[header], header);
  }
  const event = new Webhook(endpoint.secret).verify(request.body, request.headers);
  assert.equal(event.type, "webhook.test");
  assert.equal(event.data.endpoint_id, endpoint.id);
  const delivered = await newestRow(page, /delivered/);
  assert.match(await delivered.textContent(), /webhook\.test\s*delivered\s*1\s*HTTP 200\s*\d+ ms/);
  await shot(page, "webhooks-delivered.png");

  // Once dismissed, the secret is gone for good: choosing the endpoint again shows none.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await row.click();
  await page.getByRole("heading", { name: receiver.url }).waitFor(WAIT);
  assert.equal(await page.getByRole("textbox", { name: "Signing secret" }).count(), 0);
  await page.context().close();
});

test("a URL the service refuses shows its reason, with what was typed kept", async () => {
  // The refusal is the one error the page logs (Chromium logs every 4xx answer).
  const errors = [];
  const page = await adminPage({ width: 1280, height: 800 }, "ada, refused", errors);
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const url = page.getByLabel("URL", { exact: true });
  await url.fill("https://user:secret@crm.example.com/hooks");
  await url.press("Enter");
  const alert = page.getByRole("alert").filter({ hasText: "cannot receive webhooks" });
  await alert.waitFor(WAIT);
  assert.equal(
    await alert.textContent(),
    "This URL cannot receive webhooks: it must not carry a user name or password.",
  );
  assert.equal(await url.getAttribute("aria-invalid"), "true");
  assert.equal(await url.inputValue(), "https://user:secret@crm.example.com/hooks");
  assert.ok(await url.evaluate((e) => e === document.activeElement), "back to the URL");
  assert.equal((await api.get("/webhooks/endpoints", admin)).body.endpoints.length, 1);
  await shot(page, "webhooks-refused.png");
  assert.deepEqual(errors, [
    "ada, refused: Failed to load resource: the server responded with a status of 400 (Bad Request)",
  ]);
  await page.context().close();
});

test("a receiver answering 500: the tries show, then failed; Retry and retry-since send it again", async () => {
  const page = await adminPage({ width: 1280, height: 800 }, "ada, failing");
  await page.locator(".endpoint").first().click();
  receiver.answer = 500;
  const eventId = await sendTest(page);
  const pending = await newestRow(page, /pending/);
  await pending.filter({ hasText: "HTTP 500" }).waitFor(SLOW);
  assert.match(await pending.textContent(), /next try/);
  const failed = await newestRow(page, /failed/);
  assert.match(await failed.textContent(), /failed\s*3\s*HTTP 500/);
  assert.equal((await received(eventId, 3)).length, 3);
  await page.locator(".endpoint .health.failing").waitFor(WAIT);
  await shot(page, "webhooks-failed.png");

  receiver.answer = 200;
  await buried();
  await failed.getByRole("button", { name: /^Retry webhook\.test/ }).click();
  await page.getByRole("status").filter({ hasText: "again" }).waitFor(WAIT);
  assert.equal((await received(eventId, 4)).length, 4, "the same event, sent again");
  await newestRow(page, /delivered/);
  await page.locator(".endpoint .health.enabled").waitFor(WAIT);

  // Two more fail; one "Retry failed" sends both again; the filter shows what it says.
  receiver.answer = 503;
  for (const _ of [1, 2]) await sendTest(page);
  await page.getByLabel("Show").selectOption("failed");
  await page.locator("table.deliveries tbody tr.failed").nth(1).waitFor(SLOW);
  assert.equal(await page.locator("table.deliveries tbody tr:not(.failed)").count(), 0);
  receiver.answer = 200;
  await buried();
  await page.getByRole("button", { name: "Retry failed" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: "Trying 2 failed deliveries again." })
    .waitFor(WAIT);
  await page.getByLabel("Show").selectOption("");
  await page.locator("table.deliveries tbody tr.delivered").nth(2).waitFor(SLOW);
  assert.equal(await page.locator("table.deliveries tbody tr").count(), 4);
  await page.context().close();
});

test("Rotate secret shows a new secret once; deliveries verify with it", async () => {
  const page = await adminPage({ width: 1280, height: 800 }, "ada, rotating");
  await page.locator(".endpoint").first().click();
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const secret = page.getByRole("textbox", { name: "The new signing secret" });
  await secret.waitFor(WAIT);
  const rotated = await secret.inputValue();
  assert.match(rotated, /^whsec_/);
  assert.notEqual(rotated, endpoint.secret);
  await page.getByText("Shown only now:").waitFor(WAIT);
  await page.getByText(/Signs too until/).waitFor(WAIT);
  const [request] = await received(await sendTest(page));
  assert.equal(new Webhook(rotated).verify(request.body, request.headers).type, "webhook.test");
  await shot(page, "webhooks-rotated.png");
  await page.context().close();
});

test("on a phone: the list, then one endpoint and its log as cards, within the width", async () => {
  const page = await adminPage({ width: 390, height: 844 }, "ada on a phone");
  await page.locator(".endpoint").first().waitFor(WAIT);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "webhooks-phone-list.png");
  await page.locator(".endpoint").first().click();
  await page.locator("table.deliveries tbody tr").first().waitFor(WAIT);
  assert.equal(await page.locator(".manage-list").isVisible(), false);
  assert.equal((await pageOverflow(page)).horizontal, 0);
  await shot(page, "webhooks-phone-log.png");
  assert.deepEqual(await axe(page), [], "the log on a phone");
  await page.getByRole("button", { name: "Back to the endpoints" }).click();
  await page.locator(".endpoint").first().waitFor(WAIT);
  await page.context().close();
});

test("the log pages on with Older deliveries, newest first, none twice", async () => {
  for (let i = 0; i < 20; i++) {
    assert.equal((await api.post(`/webhooks/endpoints/${endpoint.id}/test`, admin)).status, 202);
  }
  const all = await api.get(`/webhooks/endpoints/${endpoint.id}/deliveries?limit=500`, admin);
  const page = await adminPage({ width: 1280, height: 800 }, "ada, paging");
  await page.locator(".endpoint").first().click();
  const rows = page.locator("table.deliveries tbody tr");
  await rows.nth(19).waitFor(WAIT);
  assert.equal(await rows.count(), 20);
  await page.getByRole("button", { name: "Older deliveries" }).click();
  await rows.nth(all.body.deliveries.length - 1).waitFor(WAIT);
  assert.equal(await rows.count(), all.body.deliveries.length);
  const times = await rows.locator(".time").allTextContents();
  const expected = all.body.deliveries.map((d) => new Date(d.created_at).getTime());
  assert.deepEqual(
    times.map((t) => Math.floor(Date.parse(t) / 1000)),
    expected.map((ms) => Math.floor(ms / 1000)),
  );
  assert.equal(await page.getByRole("button", { name: "Older deliveries" }).count(), 0);
  await page.context().close();
});

test("an endpoint for chosen events; disabling, enabling and deleting it (after a confirmation)", async () => {
  const page = await adminPage({ width: 1280, height: 800 }, "ada, deleting");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByLabel("URL", { exact: true }).fill(`${receiver.url}/chosen`);
  await page.getByLabel("Only these:").check();
  await page.getByRole("button", { name: "Add endpoint" }).last().click();
  await page.getByRole("alert").filter({ hasText: "Tick at least one event" }).waitFor(WAIT);
  const first = page.getByLabel(/A chat started/);
  assert.ok(await first.evaluate((e) => e === document.activeElement), "the first event");
  await page.getByLabel(/A chat was resolved/).check();
  await page.getByLabel(/A message was sent/).check();
  await page.getByRole("button", { name: "Add endpoint" }).last().click();
  await page.getByRole("textbox", { name: "Signing secret" }).waitFor(WAIT);
  const row = page.locator(".endpoint", { hasText: `${receiver.url}/chosen` });
  assert.match(await row.textContent(), /A chat was resolved, A message was sent/);
  const chosen = (await api.get("/webhooks/endpoints", admin)).body.endpoints.at(-1);
  assert.deepEqual(chosen.events, ["session.resolved", "message.created"]);
  assert.equal(chosen.include_internal, false);

  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await row.locator(".health.disabled").waitFor(WAIT);
  assert.equal(await page.getByRole("button", { name: "Send test event" }).isDisabled(), true);
  assert.equal((await api.get(`/webhooks/endpoints/${chosen.id}`, admin)).body.enabled, false);
  await page.getByRole("button", { name: "Enable", exact: true }).click();
  await row.locator(".health.enabled").waitFor(WAIT);

  await page.getByRole("button", { name: "Delete…" }).click();
  const confirm = page.getByRole("button", { name: "Delete for good" });
  // Focus moves to it once it is shown (a frame after the click, on a busy machine later).
  const handle = await confirm.elementHandle(WAIT);
  await page.waitForFunction((e) => e === document.activeElement, handle, WAIT);
  assert.ok(await confirm.evaluate((e) => e === document.activeElement), "the confirmation");
  await page.getByRole("button", { name: "Keep it" }).click();
  assert.equal((await api.get(`/webhooks/endpoints/${chosen.id}`, admin)).status, 200);
  await page.getByRole("button", { name: "Delete…" }).click();
  await confirm.click();
  await page.getByRole("status").filter({ hasText: "Endpoint deleted" }).waitFor(WAIT);
  assert.equal(await row.count(), 0);
  assert.equal((await api.get(`/webhooks/endpoints/${chosen.id}`, admin)).status, 404);
  assert.equal((await api.get(`/webhooks/endpoints/${endpoint.id}`, admin)).status, 200);
  await page.context().close();
});

test("agents and supervisors have no Webhooks view (and the service refuses them)", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = watch(await context.newPage(), "alice", pageErrors);
  for (const preset of ["Alice, agent", "Sam, supervisor"]) {
    await page.goto(`${suite.server.origin}/console/`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByRole("button", { name: `Sign in as ${preset}` }).click();
    await page.locator(".connection.live").waitFor(WAIT);
    await page.getByRole("button", { name: "Waiting", exact: false }).first().waitFor(WAIT);
    assert.equal(await page.getByRole("button", { name: "Webhooks" }).count(), 0, preset);
    await page.keyboard.press("6");
    assert.equal(await page.locator(".webhooks").count(), 0, preset);
  }
  const agent = await api.agentToken("alice", "Alice");
  assert.equal((await api.get("/webhooks/endpoints", agent)).status, 403);
  await context.close();
});

test("where http is not allowed (production), https://127.0.0.1/ is refused with the service's reason", async () => {
  const strict = await startServer({ vars: { DEV_SIGN_IN: "true" } });
  const errors = [];
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = watch(await context.newPage(), "ada, production", errors);
    await page.goto(`${strict.origin}/console/`);
    await page.getByRole("button", { name: "Sign in as Ada, admin" }).click();
    await page.getByRole("button", { name: "Webhooks", exact: true }).click();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByLabel("URL", { exact: true }).fill("https://127.0.0.1/");
    await page.getByRole("button", { name: "Add endpoint" }).last().click();
    const alert = page.getByRole("alert").filter({ hasText: "cannot receive webhooks" });
    await alert.waitFor(WAIT);
    assert.equal(
      await alert.textContent(),
      "This URL cannot receive webhooks: it must not be a private or local address.",
    );
    // Each reason reads on after "it": a name that does not resolve too (offline, or no such host).
    await page.getByLabel("URL", { exact: true }).fill("https://no-such-host.invalid/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).last().click();
    await alert.filter({ hasText: "host name" }).waitFor(WAIT);
    assert.match(
      await alert.textContent(),
      /^This URL cannot receive webhooks: it has a host name that (could not be resolved|does not resolve)\.$/,
    );
    const listed = await apiOf(strict).get(
      "/webhooks/endpoints",
      await apiOf(strict).agentToken("ada", "Ada", "admin"),
    );
    assert.deepEqual(listed.body.endpoints, []);
    assert.deepEqual(errors, [
      "ada, production: Failed to load resource: the server responded with a status of 400 (Bad Request)",
      "ada, production: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
  } finally {
    await context.close();
    await strict.stop();
  }
});

test("nothing failed in any page", () => {
  assert.deepEqual(pageErrors, []);
});
