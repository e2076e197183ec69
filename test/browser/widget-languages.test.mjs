// The widget in the customer's language, in Chromium against a real `wrangler dev`: chosen by the
// script tag's data-lang, else the host page's <html lang>, else the browser's; the session is
// started in it (the greeting configured for it); Arabic laid out right to left. Screenshots at a
// phone's width go to test-results/widget-lang-*.png.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { freePort, RESULTS, WAIT, withServerAndBrowser } from "./server.mjs";

const GREETINGS = {
  en: "Hello, how may I help you?",
  de: "Hallo, wie können wir helfen?",
  fr: "Bonjour, comment pouvons-nous vous aider ?",
  es: "Hola, ¿en qué podemos ayudarte?",
  ar: "مرحبًا، كيف يمكننا مساعدتك؟",
};

let shop;
const pageErrors = [];

/** A shop on another origin: /page/<lang>[?attr=<lang>] is a page in <lang> (data-lang: attr). */
async function startShop(serviceOrigin) {
  const port = await freePort();
  const http = createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    const lang = url.pathname.split("/")[2] ?? "";
    const attr = url.searchParams.get("attr");
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html${lang ? ` lang="${lang}"` : ""}><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>Shop</h1></main><script src="${serviceOrigin}/widget.js" data-team="support"${attr ? ` data-lang="${attr}"` : ""} async></script></body></html>`);
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => http.close() };
}

const suite = withServerAndBrowser(
  {
    vars: { AI_RESPONDER: "true", DEFAULT_MESSAGE: JSON.stringify(GREETINGS) },
    sqlFiles: ["scripts/sample-kb.sql"],
  },
  {
    setup: async ({ server }) => {
      shop = await startShop(server.origin);
    },
    teardown: () => {
      shop?.close();
      assert.deepEqual(pageErrors, []);
    },
  },
);

const frameOf = (page) => page.frameLocator("[data-support-chat] iframe");

/**
 * Opens the shop's page `path` at a phone's width in a browser speaking `browserLocale`, opens the
 * chat by its launcher (named in `launcher`), asks a question; answers the page, its frame, and the
 * body of the request that started the session with the session it answered.
 */
async function chatIn(path, { launcher, browserLocale = "en-US", question = "refund?" }) {
  const context = await suite.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: browserLocale,
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.message}`));
  await page.goto(`${shop.origin}${path}`);
  await page.getByRole("button", { name: launcher }).click(WAIT);
  const frame = frameOf(page);
  const started = page.waitForRequest(
    (r) => r.method() === "POST" && new URL(r.url()).pathname === "/sessions",
    WAIT,
  );
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
    WAIT,
  );
  const input = frame.locator("#message");
  await input.waitFor(WAIT);
  // "Talk to a person" shows only while the bot holds the chat, which it may hand over at once (no
  // article in the customer's language): the words of every button the frame shows are recorded.
  await frame.locator("body").evaluate((frameBody) => {
    window.shownButtons = new Set();
    window.buttonsOutside = [];
    const record = () => {
      const width = frameBody.clientWidth;
      for (const button of frameBody.querySelectorAll("button")) {
        window.shownButtons.add(button.textContent);
        const box = button.getBoundingClientRect();
        if (box.width && (box.left < 0 || box.right > width)) {
          window.buttonsOutside.push(button.textContent);
        }
      }
    };
    new MutationObserver(record).observe(frameBody, { subtree: true, childList: true });
  });
  await input.fill(question);
  await input.press("Enter");
  const body = JSON.parse((await started).postData() ?? "{}");
  const session = await (await answered).json();
  await frame.locator(".message.service_agent").first().waitFor(WAIT);
  return { context, page, frame, body, session };
}

/** Waits until the frame has shown a button saying `words` (recorded by chatIn). */
async function shown(frame, words) {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const buttons = await frame.locator("body").evaluate(() => [...window.shownButtons]);
    if (buttons.includes(words)) return;
    assert.ok(Date.now() < deadline, `no button "${words}" among ${JSON.stringify(buttons)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const root = (frame) =>
  frame.locator("html").evaluate((html) => ({ lang: html.lang, dir: html.dir }));

const cases = [
  // The page's <html lang>: German (a region falls back to its language).
  {
    name: "de",
    path: "/page/de-AT",
    launcher: "Chat mit dem Support",
    locale: "de-AT",
    title: "Support",
    send: "Senden",
    attach: "Dateien anhängen",
    talk: "Mit einem Menschen sprechen",
  },
  // The script tag's data-lang wins over the page's lang.
  {
    name: "fr",
    path: "/page/en?attr=fr",
    launcher: "Discuter avec le support",
    locale: "fr",
    title: "Support",
    send: "Envoyer",
    attach: "Joindre des fichiers",
    talk: "Parler à une personne",
  },
  // No lang on the page: the browser's language.
  {
    name: "es",
    path: "/page/",
    browserLocale: "es-MX",
    launcher: "Chatear con soporte",
    locale: "es-MX",
    title: "Soporte",
    send: "Enviar",
    attach: "Adjuntar archivos",
    talk: "Hablar con una persona",
  },
  // A language the widget does not speak: English.
  {
    name: "en",
    path: "/page/ja",
    launcher: "Chat with support",
    locale: "en-US",
    title: "Support",
    send: "Send",
    attach: "Attach files",
    talk: "Talk to a person",
  },
];

for (const c of cases) {
  test(`the widget in ${c.name}: its words, the session's locale and greeting`, async () => {
    const { context, page, frame, body, session } = await chatIn(c.path, c);
    assert.deepEqual(await root(frame), { lang: c.locale, dir: "ltr" });
    assert.equal(await frame.locator("h1").textContent(), c.title);
    assert.equal(await frame.locator("button[type=submit]").textContent(), c.send);
    assert.equal(await frame.locator("button.attach").textContent(), c.attach);
    await shown(frame, c.talk);
    // Long words at a phone's width wrap the composer's buttons; none is pushed off the panel.
    assert.deepEqual(await frame.locator("body").evaluate(() => window.buttonsOutside), []);
    assert.equal(body.locale, c.locale);
    assert.equal(session.locale, c.locale);
    const greeting = GREETINGS[c.locale.split("-")[0]] ?? GREETINGS.en;
    assert.equal(session.messages[0].content, greeting);
    assert.equal(await frame.locator(".message.service_agent p").first().textContent(), greeting);
    // The launcher speaks it too, once open.
    await page
      .getByRole("button", {
        name: c.launcher === "Chat with support" ? "Close the support chat" : /./,
      })
      .first()
      .waitFor(WAIT);
    await frame.locator(".message.bot, .message.system").first().waitFor(WAIT);
    await page.screenshot({ path: join(RESULTS, `widget-lang-${c.name}.png`) });
    await context.close();
  });
}

test("the assistant answers a hello in Arabic, under its Arabic name", async () => {
  const { context, frame } = await chatIn("/page/ar", {
    launcher: "الدردشة مع الدعم",
    question: "مرحبا",
  });
  const reply = frame.locator(".message.bot");
  await reply.waitFor(WAIT);
  assert.equal(await reply.locator(".author").textContent(), "المساعد");
  assert.equal(await reply.locator("p").first().textContent(), "مرحبًا! كيف يمكنني مساعدتك؟");
  await context.close();
});

test("the widget in Arabic: right to left, mirrored, its own greeting", async () => {
  const { context, page, frame, session } = await chatIn("/page/ar", {
    launcher: "الدردشة مع الدعم",
    question: "كيف أسترد أموالي؟",
  });
  assert.deepEqual(await root(frame), { lang: "ar", dir: "rtl" });
  assert.equal(session.locale, "ar");
  assert.equal(session.messages[0].content, GREETINGS.ar);
  assert.equal(await frame.locator("h1").textContent(), "الدعم");
  await page.getByRole("button", { name: "إغلاق دردشة الدعم" }).waitFor(WAIT);
  await frame.locator(".message.bot, .message.system").first().waitFor(WAIT);
  // Every box measured is on screen first (the customer's bubble may still be arriving).
  for (const selector of [".message.customer", ".message.service_agent"]) {
    await frame.locator(selector).first().waitFor(WAIT);
  }
  // Measured once on screen: the handoff re-renders the composer, detaching its parts for a moment.
  const box = async (selector) => {
    const deadline = Date.now() + WAIT.timeout;
    for (;;) {
      const found = await frame.locator(selector).first().boundingBox();
      if (found || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const send = await box("button[type=submit]");
  const input = await box("#message");
  const customer = await box(".message.customer");
  const greeting = await box(".message.service_agent");
  const close = await box("button.close");
  const title = await box("h1");
  // Mirrored: send on the left, the customer's messages on the left, others' on the right, the
  // title on the right and the close button on the left.
  assert.ok(
    send.x + send.width / 2 < input.x + input.width / 2,
    `send ${send.x} left of the field's middle`,
  );
  assert.ok(customer.x < greeting.x, `customer ${customer.x} left of greeting ${greeting.x}`);
  assert.ok(close.x < title.x, `close ${close.x} left of the title ${title.x}`);
  assert.equal(
    await frame
      .locator(".message.service_agent time")
      .first()
      .evaluate((t) => t.textContent.length > 0),
    true,
  );
  await page.screenshot({ path: join(RESULTS, "widget-lang-ar.png") });
  await context.close();
});

// The header's line under the title, in each language: what it says before the chat, then once
// handed to a person (no one here yet).
const HEADER_LINES = {
  en: ["We usually answer in minutes.", "Waiting for a person to join this chat."],
  de: [
    "Wir antworten meist innerhalb weniger Minuten.",
    "Sie warten darauf, dass ein Mensch diesem Chat beitritt.",
  ],
  fr: [
    "Nous répondons en général en quelques minutes.",
    "Vous attendez qu’une personne rejoigne ce chat.",
  ],
  es: [
    "Solemos responder en unos minutos.",
    "Estás esperando a que una persona se una a este chat.",
  ],
  ar: ["نرد عادةً خلال دقائق.", "أنت بانتظار انضمام شخص إلى هذه الدردشة."],
};

for (const [lang, [usually, waiting]] of Object.entries(HEADER_LINES)) {
  test(`on a phone, the header's line in ${lang} wraps, never cut: before the chat and waiting for a person`, async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(`header ${lang}: ${error.message}`));
      await page.goto(`${shop.origin}/page/${lang}`);
      await page.locator("[data-support-chat] button").click(WAIT);
      const frame = frameOf(page);
      const who = frame.locator(".who");
      const input = frame.locator("#message");
      await input.waitFor(WAIT);
      /** The line's words, whether any is cut off, and its direction, once it says `words`. */
      const line = async (words) => {
        await frame.locator(".who", { hasText: words }).waitFor(WAIT);
        return who.evaluate((e) => ({
          text: e.textContent,
          cut: e.scrollWidth > e.clientWidth,
          dir: getComputedStyle(e).direction,
        }));
      };
      const dir = lang === "ar" ? "rtl" : "ltr";
      assert.deepEqual(await line(usually), { text: usually, cut: false, dir });
      await frame
        .locator("header")
        .screenshot({ path: join(RESULTS, `widget-header-${lang}.png`) });
      const answered = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
        WAIT,
      );
      await input.fill("refund?");
      await input.press("Enter");
      const session = await (await answered).json();
      // To a person (the assistant may have handed the chat over already: 409).
      const handoff = await fetch(`${suite.server.origin}/sessions/${session.id}/handoff`, {
        method: "POST",
        headers: { Authorization: `Bearer ${session.customer_token.token}` },
      });
      assert.ok([200, 409].includes(handoff.status), `handoff: ${handoff.status}`);
      assert.deepEqual(await line(waiting), { text: waiting, cut: false, dir });
      await frame
        .locator("header")
        .screenshot({ path: join(RESULTS, `widget-header-${lang}-waiting.png`) });
    } finally {
      await context.close();
    }
  });
}

test("the launcher is named in the page's language from the start, before the chat's frame loads", async () => {
  for (const [path, browserLocale, open, frameTitle] of [
    ["/page/fr", "en-US", "Discuter avec le support", "Chat du support"],
    ["/page/ar", "en-US", "الدردشة مع الدعم", "دردشة الدعم"],
    ["/page/en?attr=de", "en-US", "Chat mit dem Support", "Support-Chat"],
    ["/page/", "es-MX", "Chatear con soporte", "Chat de soporte"],
    ["/page/ja", "ja", "Chat with support", "Support chat"],
  ]) {
    const context = await suite.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: browserLocale,
    });
    try {
      const page = await context.newPage();
      // The frame's page is held back until the launcher has been read.
      let release;
      const held = new Promise((resolve) => {
        release = resolve;
      });
      await page.route(
        (url) => url.pathname.startsWith("/widget/"),
        async (route) => {
          await held;
          await route.continue().catch(() => {});
        },
      );
      await page.goto(`${shop.origin}${path}`, { waitUntil: "domcontentloaded" });
      const button = page.locator("[data-support-chat] button");
      await button.waitFor(WAIT);
      assert.equal(await button.getAttribute("aria-label"), open, path);
      assert.equal(
        await page.locator("[data-support-chat] iframe").getAttribute("title"),
        frameTitle,
        path,
      );
      // Once loaded, the frame names it the same.
      release();
      await frameOf(page)
        .locator(".chat")
        .waitFor({ ...WAIT, state: "attached" });
      await page.waitForTimeout(200);
      assert.equal(await button.getAttribute("aria-label"), open, `${path}, the frame loaded`);
    } finally {
      await context.close();
    }
  }
});

test("a locale the service cannot take is left out, and the chat starts anyway", async () => {
  const response = await fetch(`${suite.server.origin}/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ locale: "not a locale!" }),
  });
  assert.equal(response.status, 400);
  assert.match(response.headers.get("content-type"), /application\/problem\+json/);
  const ok = await fetch(`${suite.server.origin}/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ locale: "pt-br" }),
  });
  const session = await ok.json();
  assert.equal(session.locale, "pt-BR");
  assert.equal(session.messages[0].content, GREETINGS.en);
});
