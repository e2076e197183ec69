// The widget as customers use it, in Chromium against a real `wrangler dev` (responder on, sample
// knowledge base): long conversations, a phone's width, many people in the chat, right-to-left
// text, host pages with long addresses, who may talk to the frame, where the session is kept, and
// the articles the assistant answers from. Screenshots go to test-results/ for review.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { freePort, launchProfile, RESULTS, WAIT, withServerAndBrowser } from "./server.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const QUESTION = "How do I get my money back?";
const RLO = "\u202E";

let shop;
const pageErrors = [];

/**
 * A shop on another origin (localhost, not 127.0.0.1). Every page records the messages its window
 * receives (window.heard). /host-storage/* opts in to host storage, /unknown-team/* names a team
 * that does not exist, /framer/* frames the chat itself as a hostile page would; else "support".
 */
async function startShop(serviceOrigin) {
  const port = await freePort();
  const record = `<script>window.heard = []; addEventListener("message", (e) => heard.push(e.data));</script>`;
  const widget = (attributes) =>
    `<script src="${serviceOrigin}/widget.js" ${attributes} async></script>`;
  const body = (path) => {
    if (path.startsWith("/framer/no-host"))
      return `<iframe title="Chat" src="${serviceOrigin}/widget/"></iframe>`;
    if (path.startsWith("/framer/"))
      return `<iframe title="Chat" src="${serviceOrigin}/widget/?host=https%3A%2F%2Fshop.invalid&storage=host"></iframe>`;
    if (path.startsWith("/host-storage/")) return widget('data-team="support" data-storage="host"');
    if (path.startsWith("/unknown-team/")) return widget('data-team="no-such-team"');
    return widget('data-team="support"');
  };
  const http = createServer((request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title>
${record}</head><body><main><h1>A shop</h1><p>Tents and stoves.</p></main>${body(path)}</body></html>`);
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => http.close() };
}

/** Records a page's errors; `refusals`: the test makes the service refuse on purpose. */
function watch(page, who, { refusals = false } = {}) {
  page.on("pageerror", (error) => pageErrors.push(`${who}: uncaught ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() !== "error" || /ERR_INTERNET_DISCONNECTED|WebSocket/.test(text)) return;
    if (refusals && /status of (400|401|503)/.test(text)) return;
    pageErrors.push(`${who}: ${text}`);
  });
  return page;
}

const api = (path, { token, ...init } = {}) =>
  fetch(`${suite.server.origin}${path}`, {
    ...init,
    headers: {
      "Content-Type": "application/json",
      ...(token && { Authorization: `Bearer ${token}` }),
    },
  });

async function signIn(agentId, name, role = "service_agent") {
  const response = await api("/sign-in/dev", {
    method: "POST",
    body: JSON.stringify({ agent_id: agentId, name, role }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).token;
}

async function postAs(token, sessionId, content) {
  const response = await api(`/sessions/${sessionId}/messages`, {
    method: "POST",
    token,
    body: JSON.stringify({ content }),
  });
  assert.equal(response.status, 201, await response.text());
}

/** An agent's live socket on the session (so the customer sees them in the chat). */
async function joinLive(token, sessionId) {
  const response = await api(`/sessions/${sessionId}/live-ticket`, { method: "POST", token });
  assert.equal(response.status, 201);
  const { ticket } = await response.json();
  const ws = new WebSocket(
    `${suite.server.origin.replace("http", "ws")}/sessions/${sessionId}/live?after_seq=0&ticket=${encodeURIComponent(ticket)}`,
  );
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  return ws;
}

const widget = (page) => page.frameLocator('iframe[title="Support chat"]');
const widgetLog = (page) => widget(page).getByRole("log", { name: "Conversation" });

async function openWidget(page) {
  await page.getByRole("button", { name: /Chat with support/ }).click();
  await widget(page).getByLabel("Your message").waitFor(WAIT);
}

async function say(page, text) {
  await widget(page).getByLabel("Your message").fill(text);
  await widget(page).getByLabel("Your message").press("Enter");
}

/** Asks the first question; answers the new session's id and token (from the frame's traffic). */
async function startChat(page, text = QUESTION) {
  const created = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      new URL(r.url()).pathname === "/sessions" &&
      r.status() === 201,
    WAIT,
  );
  await say(page, text);
  const session = await (await created).json();
  await widgetLog(page).locator(".message.bot").first().waitFor(WAIT);
  return { id: session.id, token: session.customer_token.token };
}

/** The log's scroll: where it is, how far it goes, and whether its last item is in view. */
const scrollOf = (page) =>
  widgetLog(page).evaluate((log) => {
    const items = log.querySelectorAll("li");
    const last = items[items.length - 1].getBoundingClientRect();
    const view = log.getBoundingClientRect();
    return {
      top: log.scrollTop,
      atBottom: log.scrollHeight - log.scrollTop - log.clientHeight <= 2,
      lastInView: last.top >= view.top - 1 && last.bottom <= view.bottom + 1,
      scrollable: log.scrollHeight > log.clientHeight * 2,
    };
  });

async function waitAtBottom(page) {
  const deadline = Date.now() + 5_000;
  let scroll = await scrollOf(page);
  while (!(scroll.atBottom && scroll.lastInView) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    scroll = await scrollOf(page);
  }
  assert.ok(scroll.atBottom && scroll.lastInView, `at the bottom: ${JSON.stringify(scroll)}`);
}

/** Whether `phrase` in the element's text is drawn left to right, character after character. */
const drawnLeftToRight = (locator, phrase) =>
  locator.evaluate((element, phrase) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(phrase);
      if (at < 0) continue;
      const xs = [...phrase].flatMap((char, i) => {
        if (char === " ") return [];
        const range = document.createRange();
        range.setStart(node, at + i);
        range.setEnd(node, at + i + 1);
        return [range.getBoundingClientRect().left];
      });
      return xs.every((x, i) => i === 0 || x > xs[i - 1]);
    }
    return `"${phrase}" is not in "${element.textContent}"`;
  }, phrase);

async function axe(frame) {
  await frame.evaluate(AXE);
  const results = await frame.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const chatFrame = (page) => page.frames().find((f) => f.url().includes("/widget/"));

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true", AI_RESPONDER: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      shop = await startShop(server.origin);
    },
    teardown: () => shop?.close(),
  },
);

test("a long conversation follows new messages, keeps the reader's place, and opens at the newest", async () => {
  const context = await launchProfile(mkdtempSync(join(tmpdir(), "support-chat-widget-")), {
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = watch(await context.newPage(), "long");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    const session = await startChat(page);
    const alice = await signIn("alice", "Alice");
    for (let n = 1; n <= 30; n++) {
      await postAs(alice, session.id, `Message ${n} from Alice: let me look into your order.`);
    }
    const log = widgetLog(page);
    await log.getByText("Message 30 from Alice").waitFor(WAIT);
    assert.ok((await scrollOf(page)).scrollable, "more than a screenful");
    await waitAtBottom(page);
    await page.screenshot({ path: join(RESULTS, "widget-long.png") });

    // Reading older messages: the place is kept, and a hint says what came.
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.waitForTimeout(200);
    await postAs(alice, session.id, "Message 31: are you still there?");
    await log.getByText("Message 31").waitFor({ state: "attached", ...WAIT });
    await postAs(alice, session.id, "Message 32: take your time.");
    await log.getByText("Message 32").waitFor({ state: "attached", ...WAIT });
    const hint = widget(page).getByRole("button", { name: "2 new messages" });
    await hint.waitFor(WAIT);
    assert.equal((await scrollOf(page)).top, 0, "the reader's place is kept");
    assert.deepEqual(await axe(chatFrame(page)), [], "with the hint");
    await page.screenshot({ path: join(RESULTS, "widget-new-messages.png") });
    await hint.click();
    await waitAtBottom(page);
    await hint.waitFor({ state: "detached", ...WAIT });
    assert.equal(await log.evaluate((element) => element === document.activeElement), true);

    // The customer's own message always comes into view.
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    await say(page, "Yes, still here.");
    await log.getByText("Yes, still here.").waitFor(WAIT);
    // The assistant, which still holds the chat, finds no answer to that and says so: read here,
    // before the chat is closed (else it would count as unread beside message 33).
    await log.getByText("connecting you with a person").waitFor(WAIT);
    await waitAtBottom(page);

    // Closed, a message arrives; opened, the newest is in view.
    await page.getByRole("button", { name: "Close the support chat" }).click();
    await postAs(alice, session.id, "Message 33, while the chat was closed.");
    await page.getByRole("button", { name: /1 unread/ }).waitFor(WAIT);
    await openWidget(page);
    await log.getByText("Message 33").waitFor(WAIT);
    await waitAtBottom(page);

    // A reload resumes from the frame's own storage and opens at the newest; the shop's is untouched.
    await page.reload();
    await openWidget(page);
    await log.getByText("Message 33").waitFor(WAIT);
    await waitAtBottom(page);
    assert.equal(await page.evaluate(() => localStorage.length), 0, "the shop's storage");

    // Offline: what is written waits, and says so.
    await context.setOffline(true);
    await widget(page).getByText("You are offline").waitFor(WAIT);
    await say(page, "Written while offline");
    await log.locator(".message.pending").getByText("Sending…").waitFor(WAIT);
    await waitAtBottom(page);
    await page.screenshot({ path: join(RESULTS, "widget-offline.png") });
    await context.setOffline(false);
    await log.locator(".message.pending").waitFor({ state: "detached", ...WAIT });
  } finally {
    await context.close();
  }
});

test("on a phone, many people with long names keep the header to one line; names cannot reorder it", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  const sockets = [];
  try {
    const page = watch(await context.newPage(), "phone");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    const header = widget(page).locator("header");
    const log = widgetLog(page);
    const alone = { header: await header.evaluate((e) => e.offsetHeight) };
    const session = await startChat(page);
    alone.log = await log.evaluate((e) => e.clientHeight);

    // A name ending in RIGHT-TO-LEFT OVERRIDE, then another: the words after it stay in order.
    const who = widget(page).locator(".who");
    const tricky = await signIn("alice", `Alice${RLO}`);
    sockets.push(await joinLive(tricky, session.id));
    await widget(page).locator(".who", { hasText: "Alice" }).waitFor(WAIT);
    sockets.push(await joinLive(await signIn("bob", "Bob"), session.id));
    await widget(page)
      .locator(".who", { hasText: / and Bob$/ })
      .waitFor(WAIT);
    assert.equal(await drawnLeftToRight(who, " and "), true, "the header after the name");
    sockets[0].send(JSON.stringify({ type: "typing" }));
    const typing = widget(page).locator(".typing");
    await typing.getByText("is typing").waitFor(WAIT);
    assert.equal(await drawnLeftToRight(typing, " is typing"), true, "the typing line");

    for (const [id, name] of [
      ["bartholomew", "Bartholomew Featherstonehaugh-Cholmondeley of the Night Shift"],
      ["chen", "Chen"],
      ["esperanza", "Esperanza Montgomery-Villanueva, Returns and Exchanges"],
    ]) {
      sockets.push(await joinLive(await signIn(id, name), session.id));
    }
    await widget(page)
      .locator(".who", { hasText: /, .+ and 4 others$/ })
      .waitFor(WAIT);
    assert.equal(await drawnLeftToRight(who, " and 4 others"), true, "the header, crowded");
    assert.equal(await header.evaluate((e) => e.offsetHeight), alone.header, "one line");
    assert.equal(await log.evaluate((e) => e.clientHeight), alone.log, "the log keeps its room");
    await page.screenshot({ path: join(RESULTS, "widget-phone.png") });

    // Another language: right-to-left messages read right to left, each in its own direction.
    const arabic = "مرحبا! سأتحقق من طلبك الآن.";
    const hebrew = "שלום, ההחזר יגיע תוך 14 ימים.";
    const bob = await signIn("bob", "Bob");
    await postAs(bob, session.id, arabic);
    await postAs(bob, session.id, hebrew);
    await postAs(bob, session.id, `Order 1234${RLO}`);
    await log.getByText(hebrew).waitFor(WAIT);
    const direction = (text) =>
      log.getByText(text, { exact: true }).evaluate((p) => getComputedStyle(p).direction);
    assert.equal(await direction(arabic), "rtl");
    assert.equal(await direction(hebrew), "rtl");
    assert.equal(await direction(QUESTION), "ltr");
    await say(page, "شكرا جزيلا");
    await log.getByText("شكرا جزيلا").waitFor(WAIT);
    await waitAtBottom(page);
    await page.screenshot({ path: join(RESULTS, "widget-rtl.png") });
  } finally {
    for (const socket of sockets) socket.close();
    await context.close();
  }
});

test("on a page whose address is long, the chat starts, and only the origin and path leave the page", async () => {
  const context = await suite.browser.newContext();
  try {
    const page = watch(await context.newPage(), "long address");
    const tracking = Array.from({ length: 80 }, (_, i) => `utm_${i}=campaign-${i}-abcdefghij`);
    const address = `${shop.origin}/products/tent?${tracking.join("&")}&email=sam%40example.com#access_token=secret`;
    assert.ok(address.length > 2000);
    const sent = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/sessions")
        sent.push(request.postDataJSON());
    });
    await page.goto(address);
    const src = await page.evaluate(
      () => document.querySelector("[data-support-chat]").shadowRoot.querySelector("iframe").src,
    );
    assert.doesNotMatch(src, /utm_|email|secret/, "the frame's address");
    assert.ok(src.length < 700, `the frame's address is ${src.length} characters`);
    await openWidget(page);
    await startChat(page);
    assert.deepEqual(sent, [
      { team_id: "support", page_url: `${shop.origin}/products/tent`, locale: "en" },
    ]);
  } finally {
    await context.close();
  }
});

test("a routing hint the service refuses (an unknown data-team) never keeps a customer from chatting", async () => {
  const context = await suite.browser.newContext();
  try {
    const page = watch(await context.newPage(), "unknown team", { refusals: true });
    const answers = [];
    page.on("response", (response) => {
      const request = response.request();
      if (request.method() === "POST" && new URL(response.url()).pathname === "/sessions")
        answers.push([request.postDataJSON(), response.status()]);
    });
    await page.goto(`${shop.origin}/unknown-team/`);
    await openWidget(page);
    await startChat(page);
    assert.deepEqual(answers, [
      [{ team_id: "no-such-team", page_url: `${shop.origin}/unknown-team/`, locale: "en" }, 400],
      [{ page_url: `${shop.origin}/unknown-team/`, locale: "en" }, 201],
    ]);
    assert.equal(await widget(page).locator(".notice").count(), 0, "no problem shown");
  } finally {
    await context.close();
  }
});

test("a chat the service cannot start says so plainly; one it cannot start yet is sent when it can", async () => {
  const context = await suite.browser.newContext();
  try {
    const page = watch(await context.newPage(), "refused", { refusals: true });
    const problem = (status, title) => ({
      status,
      contentType: "application/problem+json",
      headers: { "Retry-After": "1" },
      body: JSON.stringify({ type: "about:blank", title, status, detail: title }),
    });
    await context.route(`${suite.server.origin}/sessions`, (route) =>
      route.request().method() === "POST"
        ? route.fulfill(problem(401, "Unauthorized"))
        : route.continue(),
    );
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    await say(page, "Is anyone there?");
    const log = widgetLog(page);
    await log.locator(".message.pending").getByText("Not sent").waitFor(WAIT);
    const notice = widget(page).getByRole("alert");
    assert.match(await notice.textContent(), /cannot be started here/);
    assert.doesNotMatch(await notice.textContent(), /try again in a minute/);

    // Busy (503) once: the message waits, the widget tries again by itself, and it goes through.
    await context.unrouteAll();
    let refusals = 0;
    await context.route(`${suite.server.origin}/sessions`, (route) =>
      route.request().method() === "POST" && refusals++ === 0
        ? route.fulfill(problem(503, "Service Unavailable"))
        : route.continue(),
    );
    await say(page, QUESTION);
    await widget(page).getByText("The chat service is busy").waitFor(WAIT);
    assert.equal(await log.getByText("Sending…").count(), 2, "both messages wait, not refused");
    await log
      .locator(".message.pending")
      .first()
      .waitFor({ state: "detached", ...WAIT });
    assert.deepEqual(await log.locator(".message.customer p").allInnerTexts(), [
      "Is anyone there?",
      QUESTION,
    ]);
    assert.equal(await widget(page).locator(".notice").count(), 0);
  } finally {
    await context.close();
  }
});

test("the frame takes messages only from the page its address names, and posts to no other", async () => {
  const context = await suite.browser.newContext();
  try {
    // Someone's chat, with its token: a hostile page offers it to a frame that names another host.
    const started = await (await api("/sessions", { method: "POST" })).json();
    await postAs(started.customer_token.token, started.id, "Marker of someone else's chat");
    const saved = JSON.stringify({
      sessionId: started.id,
      token: started.customer_token.token,
      expiresAt: started.customer_token.expires_at,
    });
    const page = watch(await context.newPage(), "framer");
    const asked = [];
    page.on("request", (request) => asked.push(request.url()));
    await page.goto(`${shop.origin}/framer/`);
    await page.evaluate((value) => {
      const chat = document.querySelector("iframe").contentWindow;
      for (let i = 0; i < 40; i++) {
        setTimeout(() => {
          for (const type of ["saved", "open"])
            chat.postMessage({ source: "support-chat", type, value }, "*");
        }, i * 100);
      }
    }, saved);
    const frame = page.frameLocator('iframe[title="Chat"]');
    await frame.getByLabel("Your message").waitFor(WAIT);
    await page.waitForTimeout(4_500);
    assert.deepEqual(
      asked.filter((url) => url.includes(started.id)),
      [],
      "the offered session is never read",
    );
    assert.equal(await frame.getByText("Marker of someone").count(), 0);
    assert.deepEqual(await page.evaluate(() => window.heard), [], "nothing posted to this page");

    // Without a host in its address, the frame talks to nobody (never to "*").
    await page.goto(`${shop.origin}/framer/no-host`);
    await page.frameLocator('iframe[title="Chat"]').getByLabel("Your message").waitFor(WAIT);
    await page.waitForTimeout(2_000);
    assert.deepEqual(await page.evaluate(() => window.heard), []);
  } finally {
    await context.close();
  }
});

test("where the browser refuses the frame storage, the chat lasts for the page unless the site opts in to its own", async () => {
  const context = await suite.browser.newContext();
  try {
    const page = watch(await context.newPage(), "no storage");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    await widget(page).getByText("it ends when you leave the page").waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, "widget-no-storage.png") });
    const session = await startChat(page);
    assert.equal(await page.evaluate(() => localStorage.length), 0, "the shop's storage");
    const heard = await page.evaluate(() => JSON.stringify(window.heard));
    assert.ok(!heard.includes(session.token), "the token never reaches the shop's page");
    await page.reload();
    await openWidget(page);
    await widget(page).getByText("Hello! Write your question below").waitFor(WAIT);
    assert.equal(await widgetLog(page).getByText(QUESTION).count(), 0, "gone with the page");

    // data-storage="host": the site keeps the chat in its own storage (and can read it).
    await page.goto(`${shop.origin}/host-storage/`);
    await openWidget(page);
    await startChat(page);
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith("support-chat:")),
    );
    assert.equal(kept.length, 1, "kept in the shop's storage");
    await page.reload();
    await openWidget(page);
    await widgetLog(page).getByText(QUESTION).waitFor(WAIT);
  } finally {
    await context.close();
  }
});

test("the assistant's sources open the article inside the widget, as text, with a way back", async () => {
  const admin = await signIn("ada", "Ada", "admin");
  const title = "Packing a tent for its return";
  const body =
    'Fold the tent <b>loosely</b> and keep the poles apart.\n\n<img src=x onerror="document.title=1">Put it back in its bag, then start the return under Account > Orders.';
  const created = await api("/kb/articles", {
    method: "POST",
    token: admin,
    body: JSON.stringify({ title, body, tags: ["tent", "packing"] }),
  });
  assert.equal(created.status, 201);
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = watch(await context.newPage(), "article");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    await startChat(page, "How do I pack my tent?");
    const answer = widgetLog(page).locator(".message.bot").first();
    assert.doesNotMatch(await answer.textContent(), /\/kb\/articles/);
    const source = answer.getByRole("button", { name: title });
    // The connection drops on the first try: the widget says so and tries again when asked.
    let tries = 0;
    await context.route(`${suite.server.origin}/kb/articles/*`, (route) =>
      route.request().method() === "GET" && tries++ === 0
        ? route.abort("internetdisconnected")
        : route.continue(),
    );
    await source.click();
    const article = widget(page).getByRole("region", { name: "Article" });
    await article.getByText("The article could not be loaded").waitFor(WAIT);
    await article.getByRole("button", { name: "Try again" }).click();
    await article.getByRole("heading", { name: title }).waitFor(WAIT);
    assert.equal(tries, 2);
    assert.deepEqual(await article.locator("article p").allInnerTexts(), [
      "Fold the tent <b>loosely</b> and keep the poles apart.",
      '<img src=x onerror="document.title=1">Put it back in its bag, then start the return under Account > Orders.',
    ]);
    assert.equal(await article.locator("b, img").count(), 0, "as text, never as HTML");
    assert.equal(
      await widget(page).locator(".conversation").getAttribute("inert"),
      "",
      "the chat behind is out of reach",
    );
    assert.deepEqual(await axe(chatFrame(page)), [], "the article view");
    await page.screenshot({ path: join(RESULTS, "widget-article.png") });

    await article.getByRole("button", { name: "Back to the chat" }).click();
    await article.waitFor({ state: "detached", ...WAIT });
    // Focus returns to the source that opened it.
    await chatFrame(page).waitForFunction(
      () => document.activeElement?.classList.contains("source"),
      null,
      { timeout: 2_000 },
    );
    // Escape leaves the article first, then closes the chat.
    await source.click();
    await article.getByRole("heading", { name: title }).waitFor(WAIT);
    await page.keyboard.press("Escape");
    await article.waitFor({ state: "detached", ...WAIT });
    assert.equal(await widget(page).getByLabel("Your message").isVisible(), true);
  } finally {
    await context.close();
  }
});

test("when no article is clearly the answer, the assistant offers the best ones, each opened in the widget", async () => {
  const admin = await signIn("ada", "Ada", "admin");
  const titles = ["Zorbing balls: renting one", "Zorbing balls: repairing one"];
  for (const title of titles) {
    const created = await api("/kb/articles", {
      method: "POST",
      token: admin,
      body: JSON.stringify({ title, body: `${title}: ask at the desk.` }),
    });
    assert.equal(created.status, 201);
  }
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = watch(await context.newPage(), "suggestions");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    await startChat(page, "zorbing balls?");
    const offer = widgetLog(page).locator(".message.bot").first();
    await offer.getByText("Did one of these help?").waitFor(WAIT);
    for (const title of titles) await offer.getByRole("button", { name: title }).waitFor(WAIT);
    await widget(page).getByRole("button", { name: "Talk to a person" }).waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, "widget-suggestions.png") });
    await offer.getByRole("button", { name: titles[1] }).click();
    const article = widget(page).getByRole("region", { name: "Article" });
    await article.getByRole("heading", { name: titles[1] }).waitFor(WAIT);
  } finally {
    await context.close();
  }
});

test("the header says the chat waits for a person after a handoff, who joins, and when it has ended", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
  let socket;
  try {
    const page = watch(await context.newPage(), "header");
    await page.goto(`${shop.origin}/`);
    await openWidget(page);
    const who = widget(page).locator(".who");
    const session = await startChat(page);
    await widget(page).locator(".who", { hasText: "In this chat: Assistant" }).waitFor(WAIT);
    // Handed to a person, no one here yet: the customer is told they wait for one.
    await widget(page).getByRole("button", { name: "Talk to a person" }).click();
    await widget(page)
      .locator(".who", { hasText: "Waiting for a person to join this chat." })
      .waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, "widget-header-waiting.png") });
    const alice = await signIn("alice-header", "Alice");
    socket = await joinLive(alice, session.id);
    await widget(page).locator(".who", { hasText: "In this chat: Alice" }).waitFor(WAIT);
    // Resolved, Alice still connected: the chat has ended, no one is presented as in it.
    const resolved = await api(`/sessions/${session.id}/resolve`, {
      method: "POST",
      token: alice,
      body: JSON.stringify({ outcome: "resolved" }),
    });
    assert.equal(resolved.status, 200);
    await widget(page).getByText("How did we do?").waitFor(WAIT);
    await widget(page).locator(".who", { hasText: "This chat has ended." }).waitFor(WAIT);
    assert.equal(await who.textContent(), "This chat has ended.");
    assert.equal(await who.getAttribute("title"), null);
    await page.screenshot({ path: join(RESULTS, "widget-header-ended.png") });
  } finally {
    socket?.close();
    await context.close();
  }
});

test("nothing failed in the pages", () => {
  assert.deepEqual(pageErrors, []);
});

test("on a phone the chat takes the screen above the launcher; on a desktop it is a card", async () => {
  for (const [viewport, expected] of [
    [
      { width: 390, height: 844 },
      { x: 0, y: 0, width: 390, height: 844 - 92 },
    ],
    [
      { width: 1280, height: 800 },
      { x: 1280 - 20 - 380, y: 800 - 92 - 560, width: 380, height: 560 },
    ],
  ]) {
    const context = await suite.browser.newContext({ viewport });
    try {
      const page = watch(await context.newPage(), `layout at ${viewport.width} px`);
      await page.goto(`${shop.origin}/`);
      await openWidget(page);
      const frame = await page.locator('iframe[title="Support chat"]').boundingBox();
      assert.deepEqual(frame, expected);
      // The launcher stays on screen below the chat, and closes it.
      const launcher = page.getByRole("button", { name: "Close the support chat" });
      const button = await launcher.boundingBox();
      assert.ok(button.y >= frame.y + frame.height, "the launcher is below the chat");
      await launcher.click();
      await page.locator('iframe[title="Support chat"]').waitFor({ state: "hidden", ...WAIT });
    } finally {
      await context.close();
    }
  }
});
