// What the service refuses, as the customer reads it, in Chromium against a real `wrangler dev`: a
// message over the service's limit (sent as the widget sends, over the live socket), a file too large
// (saying the service's limit), one of a type not allowed and one into a chat whose files are full, and a message into a chat resolved too
// long ago to reopen. In German and in Arabic each says why in the customer's words: no English
// detail, field path or status code; the files it did send say so in them too. Screenshots at a
// phone's width go to test-results/widget-refusals-*.png.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { apiOf } from "./console-page.mjs";
import { freePort, RESULTS, WAIT, withServerAndBrowser } from "./server.mjs";

/**
 * The service's limits for this run: files of at most 2 KB, and 2,100 bytes of them in a chat; a
 * resolved chat reopens within 1 s.
 */
const VARS = {
  DEV_SIGN_IN: "true",
  ATTACHMENT_MAX_BYTES: "2048",
  ATTACHMENT_MAX_SESSION_BYTES: "2100",
  REOPEN_WINDOW_SECONDS: "1",
};
/** The service's default MAX_MESSAGE_LENGTH, and one character more. */
const TOO_LONG = "Lorem ipsum dolor sit amet. ".repeat(150).slice(0, 4001);
/** What the service's refusals say in English: none of it may reach a German or Arabic screen. */
const ENGLISH =
  /body\.|content:|Too big|at most|bytes|problems\/|Conflict|resolved|\b(400|409|413|415)\b/;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>';
/** A picture of one pixel, and a PDF: both within the 2 KB. */
const DOT = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\ntrailer << /Root 1 0 R >>\n%%EOF\n");

const LANGUAGES = {
  de: {
    launcher: "Chat mit dem Support",
    attach: "Dateien anhängen",
    offline: "Sie sind offline.",
    rating: "Dieser Chat ist beendet. Wie war es?",
    first: "Guten Tag, ich habe eine Frage.",
    late: "Noch etwas: die Rechnung fehlt.",
    tooLong:
      "Nicht gesendet: Diese Nachricht ist zu lang. Bitte kürzen Sie sie und senden Sie sie erneut.",
    fileTooLarge: "Nicht gesendet: Diese Datei ist zu groß zum Senden (höchstens 2 kB).",
    fileType: "Nicht gesendet: Dateien dieses Typs können nicht gesendet werden.",
    fileQuota:
      "Nicht gesendet: In diesen Chat oder Ihre Uploads von heute passen keine weiteren Dateien.",
    chatEnded: "Nicht gesendet: Dieser Chat ist beendet. Bitte starten Sie einen neuen.",
    remove: (name) => `${name} entfernen`,
    ready: "Bereit",
    withFiles: "Hier das Foto und die Rechnung.",
    open: "dot.png öffnen",
    download: "receipt.pdf herunterladen",
  },
  ar: {
    launcher: "الدردشة مع الدعم",
    attach: "إرفاق ملفات",
    offline: "أنت غير متصل.",
    rating: "أُغلقت هذه الدردشة. كيف كانت خدمتنا؟",
    first: "مرحبًا، لدي سؤال.",
    late: "شيء آخر: الفاتورة ناقصة.",
    tooLong: "لم تُرسل: هذه الرسالة طويلة جدًا. يُرجى اختصارها وإرسالها مرة أخرى.",
    fileTooLarge: "لم تُرسل: هذا الملف أكبر من أن يُرسل (الحد الأقصى 2 كيلوبايت).",
    fileType: "لم تُرسل: لا يمكن إرسال هذا النوع من الملفات.",
    fileQuota: "لم تُرسل: لا تتسع هذه الدردشة أو ملفاتك المرسلة اليوم لمزيد من الملفات.",
    chatEnded: "لم تُرسل: انتهت هذه الدردشة. يُرجى بدء دردشة جديدة.",
    remove: (name) => `إزالة ${name}`,
    ready: "جاهز",
    withFiles: "هذه الصورة والفاتورة.",
    open: "فتح dot.png",
    download: "تنزيل receipt.pdf",
  },
};

let api;
let shop;
let agentToken;
const pageErrors = [];

/** A shop on another origin: /page/<lang> is a page in <lang> with the widget on it. */
async function startShop(serviceOrigin) {
  const port = await freePort();
  const http = createServer((request, response) => {
    const lang = new URL(request.url, "http://localhost").pathname.split("/")[2] ?? "en";
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>Shop</h1></main><script src="${serviceOrigin}/widget.js" data-team="support" async></script></body></html>`);
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => http.close() };
}

const suite = withServerAndBrowser(
  { vars: VARS },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      shop = await startShop(server.origin);
      agentToken = await api.agentToken("alice", "Alice");
    },
    teardown: () => {
      shop?.close();
      assert.deepEqual(pageErrors, []);
    },
  },
);

/**
 * The widget's visible text has none of the service's English words, paths or status codes (the
 * transcript's system lines aside: what the chat's people said and did, not a refusal).
 */
async function assertNoEnglish(frame) {
  let shown = await frame.locator("body").innerText();
  for (const line of await frame.locator(".message.system").allInnerTexts()) {
    shown = shown.replace(line, "");
  }
  assert.doesNotMatch(shown, ENGLISH);
}

for (const [lang, words] of Object.entries(LANGUAGES)) {
  test(`in ${lang}, every refusal says why in the customer's words`, async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(`${lang}: ${error.message}`));
      await page.goto(`${shop.origin}/page/${lang}`);
      await page.getByRole("button", { name: words.launcher }).click(WAIT);
      const frame = page.frameLocator("[data-support-chat] iframe");
      assert.equal(await frame.locator("html").getAttribute("dir"), lang === "ar" ? "rtl" : "ltr");
      const input = frame.locator("#message");
      const started = page.waitForResponse(
        (r) =>
          r.request().method() === "POST" &&
          new URL(r.url()).pathname === "/sessions" &&
          r.status() === 201,
        WAIT,
      );
      await input.fill(words.first);
      await input.press("Enter");
      const sessionId = (await (await started).json()).id;
      await frame
        .locator(".message.customer:not(.pending)", { hasText: words.first })
        .waitFor(WAIT);

      // A message over the service's limit, as the widget sends it (the composer's own cap lifted).
      await input.evaluate((textarea) => textarea.removeAttribute("maxlength"));
      await input.fill(TOO_LONG);
      await input.press("Enter");
      const tooLong = frame.locator(".message.pending.refused", { hasText: "Lorem ipsum" });
      await tooLong.waitFor(WAIT);
      assert.equal(await tooLong.locator(".meta").textContent(), words.tooLong);
      assert.equal(await frame.locator(".notice").count(), 0);

      // A file over the service's 2 KB, and a picture of a type it does not take.
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser", WAIT),
        frame.getByRole("button", { name: words.attach }).click(),
      ]);
      await chooser.setFiles([
        { name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(4096, 0x25) },
        { name: "drawing.svg", mimeType: "image/svg+xml", buffer: Buffer.from(SVG) },
      ]);
      for (const [name, expected] of [
        ["big.pdf", words.fileTooLarge],
        ["drawing.svg", words.fileType],
      ]) {
        const file = frame.locator("form .pending-file", { hasText: name });
        await file.getByRole("alert").waitFor(WAIT);
        assert.equal(await file.getByRole("alert").textContent(), expected);
      }
      await assertNoEnglish(frame);
      await page.screenshot({ path: join(RESULTS, `widget-refusals-${lang}.png`) });
      for (const name of ["big.pdf", "drawing.svg"]) {
        await frame.getByRole("button", { name: words.remove(name) }).click();
      }

      // Files it takes, sent: each link's tooltip says what a click does, in the customer's words.
      const [picker] = await Promise.all([
        page.waitForEvent("filechooser", WAIT),
        frame.getByRole("button", { name: words.attach }).click(),
      ]);
      await picker.setFiles([
        { name: "dot.png", mimeType: "image/png", buffer: DOT },
        { name: "receipt.pdf", mimeType: "application/pdf", buffer: PDF },
      ]);
      for (const name of ["dot.png", "receipt.pdf"]) {
        await frame
          .locator("form .pending-file", { hasText: name })
          .getByText(words.ready)
          .waitFor(WAIT);
      }
      await input.fill(words.withFiles);
      await input.press("Enter");
      const withFiles = frame.locator(".message.customer:not(.pending)", {
        hasText: words.withFiles,
      });
      await withFiles.locator(".attachments .file").nth(1).waitFor(WAIT);
      assert.deepEqual(
        await withFiles.locator(".attachments a").evaluateAll((links) => links.map((a) => a.title)),
        [words.open, words.download],
      );

      // A file within the 2 KB, into a chat whose files are full: not "too large", full.
      const [third] = await Promise.all([
        page.waitForEvent("filechooser", WAIT),
        frame.getByRole("button", { name: words.attach }).click(),
      ]);
      const scan = Buffer.concat([PDF, Buffer.alloc(2000, 0x20)]);
      await third.setFiles([{ name: "scan.pdf", mimeType: "application/pdf", buffer: scan }]);
      const full = frame.locator("form .pending-file", { hasText: "scan.pdf" });
      await full.getByRole("alert").waitFor(WAIT);
      assert.equal(await full.getByRole("alert").textContent(), words.fileQuota);
      await frame.getByRole("button", { name: words.remove("scan.pdf") }).click();

      // Written offline into a chat that is resolved meanwhile, and too long ago to reopen.
      await context.setOffline(true);
      await frame.getByText(words.offline).waitFor(WAIT);
      await input.fill(words.late);
      await input.press("Enter");
      const late = frame.locator(".message.pending", { hasText: words.late });
      await late.waitFor(WAIT);
      const resolved = await api.post(`/sessions/${sessionId}/resolve`, agentToken, {});
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await context.setOffline(false);
      const ended = frame.locator(".message.pending.refused", { hasText: words.late });
      await ended.waitFor(WAIT);
      assert.equal(await ended.locator(".meta").textContent(), words.chatEnded);
      // The refused long message went with the next one sent; the chat offers its rating.
      assert.equal(await frame.locator(".message.pending", { hasText: "Lorem ipsum" }).count(), 0);
      await frame.getByText(words.rating, { exact: true }).waitFor(WAIT);
      await assertNoEnglish(frame);
      await page.screenshot({ path: join(RESULTS, `widget-refusals-${lang}-ended.png`) });
    } finally {
      await context.close();
    }
  });
}
