// Browser test of /docs: Swagger UI served by a real `wrangler dev`, driven by Debian's Chromium.
// Run with `npm run test:browser` (it copies Swagger UI's files into public/ first).
// It starts its own `wrangler dev` on a free port with a fresh, migrated local D1 in a temp dir,
// so it needs no prior state, and it asserts that the page never leaves the local host.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { RESULTS, ROOT, withServerAndBrowser } from "./server.mjs";

const SCREENSHOT = join(RESULTS, "docs.png");
const GREETING = "Hello, how may I help you?"; // DEFAULT_MESSAGE in wrangler.toml
const HOSTS = new Set(["127.0.0.1", "localhost"]);

let origin;
let port;
let page;
let spec;
const requests = [];
const failedRequests = [];
const badResponses = [];
const consoleErrors = [];
/** The agent token pasted into Swagger UI's Authorize dialog. */
const agentAuthorized = { token: "" };

const suite = withServerAndBrowser(
  {},
  {
    setup: async ({ server, browser }) => {
      ({ origin, port } = server);

      const response = await fetch(`${origin}/openapi.json`);
      assert.equal(response.status, 200, "GET /openapi.json");
      spec = await response.json();

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on("request", (request) => requests.push(request.url()));
      page.on("requestfailed", (request) =>
        failedRequests.push(
          `${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
        ),
      );
      page.on("response", (response) => {
        if (response.status() >= 400) {
          badResponses.push(
            `${response.request().method()} ${response.url()}: ${response.status()}`,
          );
        }
      });
      page.on("console", (message) => {
        if (message.type() === "error") {
          consoleErrors.push(`${message.text()} (${message.location()?.url ?? "?"})`);
        }
      });
      page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
    },
  },
);

test("Swagger UI at /docs lists every operation and webhook of /openapi.json", {
  timeout: 60_000,
}, async () => {
  const response = await page.goto(`${origin}/docs`, { waitUntil: "load" });
  assert.equal(response?.status(), 200, "GET /docs");
  await page.locator(".swagger-ui .info .title").filter({ hasText: spec.info.title }).waitFor();

  // The operations, and the events it sends (OpenAPI 3.1 `webhooks`), which Swagger UI lists too.
  const expected = Object.entries({ ...spec.paths, ...spec.webhooks }).flatMap(([path, item]) =>
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
      .filter((method) => item[method])
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
  assert.ok(expected.length > 0, "the spec has operations");
  await page.waitForFunction(
    (count) => document.querySelectorAll(".swagger-ui .opblock").length >= count,
    expected.length,
  );

  const rendered = await page.$$eval(".swagger-ui .opblock", (blocks) =>
    blocks.map((block) => {
      const method = block.querySelector(".opblock-summary-method")?.textContent?.trim();
      const pathElement = block.querySelector(".opblock-summary-path");
      const path =
        pathElement?.getAttribute("data-path") ??
        pathElement?.textContent?.replace(/\u200b/g, "").trim();
      return `${method} ${path}`;
    }),
  );
  assert.deepEqual([...rendered].sort(), [...expected].sort());

  // Swagger UI would load its "valid" badge from validator.swagger.io. On 127.0.0.1 it never does
  // (it skips local spec URLs), so the request check below cannot catch it: check the config.
  const validatorUrl = await page.evaluate(() => window.ui?.getConfigs().validatorUrl);
  assert.ok(validatorUrl === "none" || validatorUrl === null, `validatorUrl: ${validatorUrl}`);
});

test("Try it out on POST /sessions shows 201 with the greeting", { timeout: 60_000 }, async () => {
  const block = page
    .locator(".opblock.opblock-post")
    .filter({ has: page.locator('.opblock-summary-path[data-path="/sessions"]') });
  await block.locator(".opblock-summary").first().click();
  await block.getByRole("button", { name: "Try it out" }).click();

  const [apiResponse] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
    ),
    block.getByRole("button", { name: "Execute" }).click(),
  ]);
  assert.equal(apiResponse.status(), 201, "the request Swagger UI sent");

  const live = block.locator(".live-responses-table .response").first();
  await live.waitFor();
  assert.equal((await live.locator(".response-col_status").textContent())?.trim(), "201");
  const body = await live.locator(".response-col_description .microlight").first().textContent();
  assert.ok(body.includes(GREETING), `live response body:\n${body}`);

  await live.scrollIntoViewIfNeeded();
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test("Authorize with a pasted agent token, then Try it out on GET /sessions/{session_id}", {
  timeout: 60_000,
}, async () => {
  const { issueToken } = await import("../../src/platform/auth/token-issuer.ts");
  const { token } = await issueToken(
    {
      issuer: "support-chat",
      audience: "support-chat",
      signingKeys: suite.server.signing.signingKeys,
    },
    { subject: "browser-agent", role: "service_agent", ttlSeconds: 600 },
  );
  agentAuthorized.token = token;
  const session = await (await fetch(`${origin}/sessions`, { method: "POST" })).json();

  await page.locator(".swagger-ui .auth-wrapper .authorize").click();
  const dialog = page.locator(".swagger-ui .dialog-ux .modal-ux");
  await dialog.locator("input").first().fill(token);
  await dialog.locator("button.modal-btn.authorize").click();
  await dialog.locator("button.btn-done").click();

  const block = page
    .locator(".opblock.opblock-get")
    .filter({ has: page.locator('.opblock-summary-path[data-path="/sessions/{session_id}"]') });
  await block.locator(".opblock-summary").first().click();
  await block.getByRole("button", { name: "Try it out" }).click();
  await block.locator('tr[data-param-name="session_id"] input').fill(session.id);

  const [apiResponse] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.request().method() === "GET" && new URL(r.url()).pathname === `/sessions/${session.id}`,
    ),
    block.getByRole("button", { name: "Execute" }).click(),
  ]);
  assert.equal(apiResponse.request().headers().authorization, `Bearer ${token}`);
  assert.equal(apiResponse.status(), 200, "the request Swagger UI sent");
  const live = block.locator(".live-responses-table .response").first();
  await live.waitFor();
  assert.equal((await live.locator(".response-col_status").textContent())?.trim(), "200");
});

test("Try it out: a transfer in one of its two shapes, then a resolution with no body", {
  timeout: 60_000,
}, async () => {
  // Authorized above as browser-agent, who takes a fresh session from the queue.
  const { token } = agentAuthorized;
  const session = await (await fetch(`${origin}/sessions`, { method: "POST" })).json();
  const take = await fetch(`${origin}/sessions/${session.id}/take`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(take.status, 200, "the agent takes the session");

  const operation = (path) =>
    page
      .locator(".opblock.opblock-post")
      .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  const execute = async (block, path) => {
    const [answer] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === path,
      ),
      block.getByRole("button", { name: "Execute" }).click(),
    ]);
    return answer;
  };

  const transfer = operation("/sessions/{session_id}/transfer");
  await transfer.locator(".opblock-summary").first().click();
  await transfer.getByRole("tab", { name: "Schema" }).first().click();
  const schema = transfer.locator(".opblock-section-request-body .model-box").first();
  await schema.getByText("One of").click();
  await schema.getByText("To an agent").waitFor();
  await schema.getByText("To a team's queue").waitFor();
  await transfer.getByRole("button", { name: "Try it out" }).click();
  await transfer.locator('tr[data-param-name="session_id"] input').fill(session.id);
  await transfer.locator("textarea.body-param__text").fill('{"agent_id": "browser-agent-2"}');
  const transferred = await execute(transfer, `/sessions/${session.id}/transfer`);
  assert.equal(transferred.status(), 200, "the transfer Swagger UI sent");

  const resolve = operation("/sessions/{session_id}/resolve");
  await resolve.locator(".opblock-summary").first().click();
  await resolve.getByRole("button", { name: "Try it out" }).click();
  await resolve.locator('tr[data-param-name="session_id"] input').fill(session.id);
  await resolve.locator("textarea.body-param__text").fill("");
  const resolved = await execute(resolve, `/sessions/${session.id}/resolve`);
  assert.equal(resolved.request().postData() ?? "", "", "no body was sent");
  assert.equal(resolved.status(), 200, "the resolution Swagger UI sent");
  assert.equal((await resolved.json()).outcome, "resolved");

  await resolve.locator(".live-responses-table .response").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ROOT, "test-results", "docs-requests.png") });
});

test("the page stays on the local host, with no failed request and no console error", () => {
  assert.ok(requests.length > 0, "requests were recorded");
  const foreign = requests.filter((url) => {
    const { protocol, hostname, port: urlPort } = new URL(url);
    return !(protocol === "http:" && HOSTS.has(hostname) && urlPort === String(port));
  });
  assert.deepEqual(foreign, [], `requests that left 127.0.0.1:${port}`);
  assert.deepEqual(failedRequests, [], "failed requests");
  assert.deepEqual(badResponses, [], "responses with status >= 400");
  assert.deepEqual(consoleErrors, [], "console errors");
});
