// A streamed answer in the widget, in Chromium against a real `wrangler dev` whose model is an
// OpenAI-compatible endpoint played by this test (server-sent events, a piece every 120 ms): the
// customer sees the reply grow in one bubble, which the stored message then takes over (one bot
// message, no duplicate); a reload mid-answer shows the stored message once. Screenshots go to
// test-results/widget-streaming-*.png.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { freePort, RESULTS, withServerAndBrowser } from "./server.mjs";

const WAIT = { timeout: 20_000 };
const REPLY =
  "Refunds are paid to the original payment method within 14 days of the return arriving. You can follow the return under Account > Orders.";
const PIECE_MS = 120;

let model;
const pageErrors = [];
const asked = [];

/** An OpenAI-compatible endpoint that streams REPLY, citing the first article it was given. */
async function startModel() {
  const port = await freePort();
  const http = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const sent = JSON.parse(body);
    asked.push(sent);
    const article = /<article id="([^"]+)"/.exec(
      sent.messages.map((m) => m.content).join("\n"),
    )?.[1];
    const answer = JSON.stringify({
      action: "answer",
      reply: REPLY,
      reason: "",
      sources: [article],
    });
    response.writeHead(200, { "Content-Type": "text/event-stream" });
    for (let at = 0; at < answer.length; at += 12) {
      const delta = { choices: [{ delta: { content: answer.slice(at, at + 12) } }] };
      response.write(`data: ${JSON.stringify(delta)}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, PIECE_MS));
    }
    response.end("data: [DONE]\n\n");
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}/v1`, close: () => http.close() };
}

const suite = withServerAndBrowser(
  async () => {
    model = await startModel();
    return {
      vars: {
        AI_RESPONDER: "true",
        AI_BASE_URL: model.url,
        AI_MODEL: "scripted",
        AI_STREAM: "true",
        AI_TIMEOUT_MS: "30000",
      },
      sqlFiles: ["scripts/sample-kb.sql"],
    };
  },
  {
    teardown: () => {
      model?.close();
      assert.deepEqual(pageErrors, []);
    },
  },
);

async function openChat(viewport) {
  const context = await suite.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const frame = page.frameLocator('iframe[title="Support chat"]');
  await frame.getByLabel("Your message").waitFor(WAIT);
  return { context, page, frame };
}

test("the reply grows in one bubble, which the stored message takes over", async () => {
  const { context, page, frame } = await openChat({ width: 390, height: 844 });
  await frame.getByLabel("Your message").fill("How do I get my money back?");
  await frame.getByLabel("Your message").press("Enter");
  const draft = frame.locator(".message.draft");
  await draft.waitFor(WAIT);
  const lengths = [];
  for (let i = 0; i < 6; i++) {
    lengths.push((await draft.locator("p").textContent()).length);
    await page.waitForTimeout(PIECE_MS * 2);
  }
  assert.ok(lengths.at(-1) > lengths[0], `the draft grew: ${lengths}`);
  assert.ok(lengths[0] < REPLY.length);
  assert.ok(REPLY.startsWith(await draft.locator("p").textContent()));
  await page.screenshot({ path: join(RESULTS, "widget-streaming-draft.png") });
  const stored = frame.locator(".message.bot:not(.draft)");
  await stored.first().waitFor(WAIT);
  assert.equal(await draft.count(), 0);
  assert.equal(await stored.count(), 1);
  assert.equal(await stored.locator("p").first().textContent(), REPLY);
  assert.equal(asked.at(-1).stream, true);
  await page.screenshot({ path: join(RESULTS, "widget-streaming-stored.png") });
  await context.close();
});

test("a reload mid-answer shows the reply once it is stored, once", async () => {
  const { context, page, frame } = await openChat({ width: 1280, height: 800 });
  await frame.getByLabel("Your message").fill("How do I get my money back?");
  await frame.getByLabel("Your message").press("Enter");
  await frame.locator(".message.draft").waitFor(WAIT);
  await page.reload();
  await page.getByRole("button", { name: /Chat with support/ }).click();
  const again = page.frameLocator('iframe[title="Support chat"]');
  await again.locator(".message.bot:not(.draft)").first().waitFor(WAIT);
  await page.waitForTimeout(500);
  assert.equal(await again.locator(".message.bot").count(), 1);
  assert.equal(await again.locator(".message.bot p").first().textContent(), REPLY);
  await context.close();
});
