// Files in the chat, in Chromium against a real `wrangler dev`: a customer attaches a picture by the
// button and a PDF by dropping it (its first upload's answer lost on the way), sends them with text;
// Alice's console shows the picture and the download link, and her internal note's picture never
// reaches the customer. Hostile names are text, refused types say so, a file's link runs nothing,
// and files picked offline go when the line is back. Screenshots go to test-results/files-*.png.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import { apiOf, axe, pageOverflow, WAIT } from "./console-page.mjs";
import { RESULTS, withServerAndBrowser } from "./server.mjs";

const HOSTILE = "<img src=x onerror=alert(1)>.png";
const PWN = "<html><body><script>window.pwned = 1; document.title = 'pwned'</script></body></html>";
const FIRST_WORDS = "Here is the broken part and the receipt.";
const NOTE = "Internal: the warehouse photo, do not share.";

/** A PNG of `width` x `height` (a gradient), with `extra` chunks ([type, bytes]) before its data. */
function png(width, height, extra = []) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      raw.set([(x * 255) / width, (y * 255) / height, 160], y * row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    ...extra.map(([type, data]) => chunk(type, Buffer.from(data))),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

let api;
let customer;
let agent;
let aliceToken;
const pageErrors = [];
const dialogs = [];
/** Every upload the customer's browser started, by file name. */
const uploads = [];

const widget = () => customer.frameLocator('iframe[title="Support chat"]');
const chatFrame = () => customer.frames().find((f) => f.url().includes("/widget/"));
const widgetLog = () => widget().getByRole("log", { name: "Conversation" });
const transcript = () => agent.getByRole("log", { name: "Transcript" });
const customerToken = () =>
  chatFrame().evaluate(() => JSON.parse(localStorage.getItem("support-chat:support")).token);

/**
 * Collects a page's uncaught errors and console errors, but those the test causes on purpose: a
 * refused upload (415), the upload whose answer is lost, and the network while offline.
 */
function watch(page, who) {
  page.on("pageerror", (error) => pageErrors.push(`${who}: uncaught ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() !== "error") return;
    if (/status of 415|ERR_CONNECTION_RESET|ERR_INTERNET_DISCONNECTED|WebSocket/.test(text)) return;
    pageErrors.push(`${who}: ${text}`);
  });
  page.on("dialog", (dialog) => {
    dialogs.push(`${who}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** Picks files with the "Attach files" button of `scope` (the widget or the console). */
async function pick(page, scope, files) {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser", WAIT),
    scope.getByRole("button", { name: "Attach files" }).click(),
  ]);
  await chooser.setFiles(files);
}

/** Drops a file on `selector` in `frame`, as a file dragged from the desktop. */
async function dropFile(frame, selector, { name, mimeType, buffer }) {
  const dataTransfer = await frame.evaluateHandle(
    ({ name, mimeType, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      return transfer;
    },
    { name, mimeType, bytes: [...buffer] },
  );
  for (const type of ["dragenter", "dragover", "drop"]) {
    await frame.locator(selector).dispatchEvent(type, { dataTransfer });
  }
}

/** Waits until `img` has loaded a picture; answers its natural size and where it came from. */
async function loaded(img) {
  await img.waitFor(WAIT);
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const state = await img.evaluate((i) => ({
      done: i.complete && i.naturalWidth > 0,
      width: i.naturalWidth,
      height: i.naturalHeight,
      src: i.currentSrc,
      box: { width: i.getBoundingClientRect().width, height: i.getBoundingClientRect().height },
    }));
    if (state.done) return state;
    assert.ok(Date.now() < deadline, `the picture did not load: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** No page, frame or tab the test visited ran a file's script. */
async function assertNotPwned(...frames) {
  for (const frame of frames) {
    assert.equal(await frame.evaluate(() => window.pwned), undefined, frame.url());
  }
}

/** The log's content fits its width (nothing sticks out sideways). */
const fitsWidth = (log) => log.evaluate((element) => element.scrollWidth <= element.clientWidth);

const suite = withServerAndBrowser(
  { vars: { DEV_SIGN_IN: "true" }, sqlFiles: ["scripts/sample-kb.sql"] },
  {
    setup: async ({ server }) => {
      api = apiOf(server);
      aliceToken = await api.agentToken("alice", "Alice");
    },
  },
);

test("Alice opens the console, available for chats", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  agent = watch(await context.newPage(), "agent");
  await agent.goto(`${suite.server.origin}/console/`);
  await agent.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await agent.locator(".connection.live").waitFor(WAIT);
});

test("a customer attaches a picture by the button and a PDF by dropping it, and sends them with text", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  customer = watch(await context.newPage(), "customer");
  // The PDF's first upload reaches the service, but its answer is lost: the widget uploads again.
  let lostOne = false;
  await context.route("**/attachments?name=*", async (route) => {
    const name = new URL(route.request().url()).searchParams.get("name");
    uploads.push(name);
    if (name === "receipt.pdf" && !lostOne) {
      lostOne = true;
      const stored = await route.fetch();
      assert.equal(stored.status(), 201, "the service stored the first try");
      return route.abort("connectionreset");
    }
    return route.continue();
  });
  await customer.goto(`${suite.server.origin}/`);
  await customer.getByRole("button", { name: /Chat with support/ }).click();
  await widget().getByLabel("Your message").waitFor(WAIT);

  await pick(customer, widget(), {
    name: "broken-part.png",
    mimeType: "image/png",
    buffer: png(640, 480),
  });
  const composer = widget().locator("form .pending-files");
  const photo = composer.locator(".pending-file", { hasText: "broken-part.png" });
  await photo.getByText("Ready").waitFor(WAIT);
  // The browser made a small preview: the composer shows it (a blob: URL, which the CSP allows).
  const local = await loaded(photo.locator("img"));
  assert.match(local.src, /^blob:/);
  assert.ok(Math.max(local.width, local.height) <= 480, `preview ${local.width}x${local.height}`);

  await dropFile(chatFrame(), ".conversation", {
    name: "receipt.pdf",
    mimeType: "application/pdf",
    buffer: PDF,
  });
  const receipt = composer.locator(".pending-file", { hasText: "receipt.pdf" });
  await receipt.getByText("Ready").waitFor(WAIT);
  assert.equal(uploads.filter((name) => name === "receipt.pdf").length, 2, "uploaded again");
  assert.ok(await receipt.getByRole("button", { name: "Remove receipt.pdf" }).isVisible());

  await widget().getByLabel("Your message").fill(FIRST_WORDS);
  await widget().getByRole("button", { name: "Send" }).click();
  const sent = widgetLog().locator(".message.customer:not(.pending)", { hasText: FIRST_WORDS });
  await sent.waitFor(WAIT);
  await composer.waitFor({ state: "detached", ...WAIT });
  // One copy of each: the lost answer's upload is not in the message.
  assert.deepEqual(await sent.locator(".attachments .file .name").allTextContents(), [
    "broken-part.png",
    "receipt.pdf",
  ]);
  const thumbnail = await loaded(sent.getByRole("img", { name: "broken-part.png" }));
  assert.match(thumbnail.src, /\/files\/[0-9a-f-]+\/preview\?expires=/, "the preview is shown");
  assert.deepEqual(thumbnail.box, { width: 200, height: 150 }, "the box it was given");
  assert.match(await sent.locator(".file", { hasText: "receipt.pdf" }).textContent(), /\d+ bytes/);
  await sent.screenshot({ path: join(RESULTS, "files-widget-message.png") });
});

test("Alice's console shows the picture and the PDF's download link", async () => {
  await agent.getByRole("button", { name: /^Mine \(1\)/ }).waitFor(WAIT);
  await agent.keyboard.press("2");
  await agent.keyboard.press("Enter");
  const message = transcript().locator(".message.customer", { hasText: FIRST_WORDS });
  await message.waitFor(WAIT);
  const picture = await loaded(message.getByRole("img", { name: "broken-part.png" }));
  assert.match(picture.src, /\/preview\?/);
  assert.ok(picture.width <= 480 && picture.height <= 480, "a preview, not the original");
  const download = message.getByRole("link", { name: /receipt\.pdf/ });
  assert.match(await download.textContent(), /receipt\.pdf.*\d+ bytes/);
  const href = await download.getAttribute("href");
  const served = await fetch(href);
  assert.equal(served.status, 200);
  assert.match(served.headers.get("content-disposition"), /^attachment;/);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), PDF);
  // The picture opens the original (full size) in a tab.
  const original = await message
    .getByRole("link", { name: /broken-part\.png/ })
    .getAttribute("href");
  assert.doesNotMatch(original, /\/preview\?/);
  assert.equal((await fetch(original)).headers.get("content-type"), "image/png");
});

test("Alice's internal note with a picture is marked internal, and never reaches the customer", async () => {
  await agent.getByRole("radio", { name: /Internal note/ }).check();
  await pick(agent, agent.locator("form.composer"), {
    name: "warehouse.png",
    mimeType: "image/png",
    buffer: png(300, 200),
  });
  await agent.locator("form.composer .pending-file").getByText("Ready").waitFor(WAIT);
  await agent.getByLabel("Internal note, for agents only").fill(NOTE);
  await agent.getByRole("button", { name: "Add note" }).click();
  const note = transcript().locator(".message.internal", { hasText: NOTE });
  await note.waitFor(WAIT);
  await loaded(note.getByRole("img", { name: "warehouse.png" }));
  assert.match(await note.locator(".attachments").textContent(), /warehouse\.png.*Internal/);
  assert.match(await note.locator(".attachments").getAttribute("class"), /internal/);
  await transcript().screenshot({ path: join(RESULTS, "files-console-note.png") });

  // A reply after it reaches the customer; the note (before it) does not.
  await agent.getByRole("radio", { name: /Reply to the customer/ }).check();
  await agent
    .getByRole("textbox", { name: "Reply to the customer" })
    .fill("Thanks, I see the crack. A new one is on its way.");
  await agent.getByRole("button", { name: "Send" }).click();
  await widgetLog().getByText("A new one is on its way.").waitFor(WAIT);
  assert.equal(await widgetLog().getByText(NOTE).count(), 0);
  assert.equal(await widgetLog().getByText("warehouse.png").count(), 0);
  // Nor can the customer's token reach the note's file.
  const sessionId = await chatFrame().evaluate(
    () => JSON.parse(localStorage.getItem("support-chat:support")).sessionId,
  );
  const noteFile = await note.locator(".attachments img").evaluate((img) => img.src);
  const fileId = /\/files\/([0-9a-f-]+)\//.exec(noteFile)[1];
  const asCustomer = await api.get(
    `/sessions/${sessionId}/attachments/${fileId}`,
    await customerToken(),
  );
  assert.equal(asCustomer.status, 404);
  const asAlice = await api.get(`/sessions/${sessionId}/attachments/${fileId}`, aliceToken);
  assert.equal(asAlice.status, 200);
});

test("a reply whose file is still uploading goes, though another conversation is opened at once", async () => {
  const words = `The label for your return, ${Date.now()}`;
  const other = await api.post("/sessions", null, { team_id: "support" });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const question = `Another question ${other.body.id.slice(0, 8)}`;
  await api.post(`/sessions/${other.body.id}/messages`, other.body.customer_token.token, {
    content: question,
  });
  const sessionId = await chatFrame().evaluate(
    () => JSON.parse(localStorage.getItem("support-chat:support")).sessionId,
  );
  // The upload is slow: the agent has moved on before it is done.
  const slow = async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  };
  await agent.route("**/attachments?name=*", slow);
  await pick(agent, agent.locator("form.composer"), {
    name: "return-label.png",
    mimeType: "image/png",
    buffer: png(120, 80),
  });
  await agent.getByRole("textbox", { name: "Reply to the customer" }).fill(words);
  await agent.getByRole("button", { name: "Send" }).click();
  await agent.getByRole("button", { name: /^All$/ }).click();
  await agent.locator(".row", { hasText: question }).click();
  await transcript().getByText(question).waitFor(WAIT);
  await widgetLog().getByText(words).waitFor(WAIT);
  const page = await api.get(`/sessions/${sessionId}/messages?after_seq=0&limit=200`, aliceToken);
  const sent = page.body.messages.filter((m) => m.content === words);
  assert.equal(sent.length, 1, "stored once");
  assert.deepEqual(
    sent[0].attachments.map((a) => a.name),
    ["return-label.png"],
  );
  await agent.unroute("**/attachments?name=*", slow);
  // Back to the conversation of the tests that follow.
  await agent.locator(".row", { hasText: words }).click();
  await transcript().getByText(words).waitFor(WAIT);
});

test("a hostile file name is text; a polyglot's link runs no script, in a tab or anywhere", async () => {
  // A real PNG carrying an HTML page in a private chunk (the scrubber keeps those).
  const polyglot = png(120, 90, [["htMl", PWN]]);
  await pick(customer, widget(), { name: HOSTILE, mimeType: "image/png", buffer: polyglot });
  const pending = widget().locator("form .pending-file");
  await pending.getByText("Ready").waitFor(WAIT);
  assert.equal(await pending.locator(".name").textContent(), HOSTILE, "the name, as text");
  await widget().getByRole("button", { name: "Send" }).click();
  const sent = widgetLog().locator(".message.customer:not(.pending)", {
    hasText: "onerror=alert(1)",
  });
  await sent.locator(".attachments img").waitFor(WAIT);
  // The service keeps a safe name (no angle brackets); either way it is shown as text.
  const shown = await sent.locator(".attachments .name").textContent();
  assert.match(shown, /img src=x onerror=alert\(1\)/);
  const inConsole = transcript().locator(".message.customer", { hasText: "onerror=alert(1)" });
  await inConsole.locator(".attachments img").waitFor(WAIT);
  assert.equal(await inConsole.locator(".attachments .name").textContent(), shown);
  for (const frame of [chatFrame(), agent.mainFrame()]) {
    assert.equal(await frame.locator('img[src="x"]').count(), 0);
  }

  // Opened from the transcript, the file is an image in a tab of its own, and its script never runs.
  const [tab] = await Promise.all([
    customer.context().waitForEvent("page", WAIT),
    sent.locator(".attachments a").click(),
  ]);
  await tab.waitForLoadState("load");
  const href = tab.url();
  assert.match(href, /\/files\/[0-9a-f-]+\?expires=/);
  const served = await fetch(href);
  assert.equal(served.headers.get("content-type"), "image/png");
  assert.equal(served.headers.get("x-content-type-options"), "nosniff");
  assert.match(served.headers.get("content-security-policy"), /sandbox/);
  assert.ok(Buffer.from(await served.arrayBuffer()).includes("window.pwned"), "still a polyglot");
  const direct = await (await suite.browser.newContext()).newPage();
  await direct.goto(href);
  await direct.waitForTimeout(300);
  await assertNotPwned(tab, direct, chatFrame(), customer.mainFrame(), agent.mainFrame());
  assert.notEqual(await direct.title(), "pwned");
  await direct.context().close();
  await tab.close();
  assert.deepEqual(dialogs, [], "no script ran");
});

test("a refused type says so, per file, in the widget; and is removed by its button", async () => {
  await pick(customer, widget(), [
    {
      name: "drawing.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>window.pwned = 1</script></svg>',
      ),
    },
    { name: "holiday.png", mimeType: "image/png", buffer: Buffer.from(PWN) },
  ]);
  for (const name of ["drawing.svg", "holiday.png"]) {
    const file = widget().locator("form .pending-file", { hasText: name });
    await file.getByRole("alert").waitFor(WAIT);
    assert.equal(
      await file.getByRole("alert").textContent(),
      "Not sent: This type of file cannot be sent.",
    );
  }
  await widget().getByRole("button", { name: "Remove drawing.svg" }).click();
  await widget().getByRole("button", { name: "Remove holiday.png" }).click();
  assert.equal(await widget().locator("form .pending-file").count(), 0);
  await assertNotPwned(chatFrame(), customer.mainFrame());
});

test("offline, a picked file waits; back online it goes, once, with its message", async () => {
  const context = customer.context();
  await context.setOffline(true);
  await widget().getByText("You are offline.").waitFor(WAIT);
  await pick(customer, widget(), {
    name: "second-angle.png",
    mimeType: "image/png",
    buffer: png(200, 400),
  });
  await widget().getByText("Uploads when you are back online").waitFor(WAIT);
  await widget().getByLabel("Your message").fill("One more, from the side.");
  await widget().getByRole("button", { name: "Send" }).click();
  const pending = widgetLog().locator(".message.pending", { hasText: "One more, from the side." });
  await pending.getByText("second-angle.png").waitFor(WAIT);
  await context.setOffline(false);
  const stored = transcript().locator(".message.customer", { hasText: "One more, from the side." });
  await stored.waitFor(WAIT);
  assert.deepEqual(await stored.locator(".attachments .name").allTextContents(), [
    "second-angle.png",
  ]);
  await pending.waitFor({ state: "detached", ...WAIT });
  assert.equal(
    await widgetLog().locator(".message", { hasText: "One more, from the side." }).count(),
    1,
  );
  await loaded(stored.getByRole("img", { name: "second-angle.png" }));
});

test("with files, widget and console fit 1280x800 and a phone (390x844)", async () => {
  // The console's composer, with a file picked for a note (its progress done).
  await agent.getByRole("radio", { name: /Internal note/ }).check();
  await pick(agent, agent.locator("form.composer"), {
    name: `a-rather-long-file-name-for-the-shipping-label-${"x".repeat(60)}.pdf`,
    mimeType: "application/pdf",
    buffer: PDF,
  });
  await agent.locator("form.composer .pending-file").getByText("Ready").waitFor(WAIT);
  await pick(customer, widget(), {
    name: "one-more.png",
    mimeType: "image/png",
    buffer: png(900, 300),
  });
  await widget().locator("form .pending-file").getByText("Ready").waitFor(WAIT);
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    for (const page of [customer, agent]) await page.setViewportSize({ width, height });
    // The reader clicked a picture higher up earlier: back to the newest.
    await widgetLog().evaluate((log) => {
      log.scrollTop = log.scrollHeight;
    });
    await customer.waitForTimeout(300);
    await customer.screenshot({ path: join(RESULTS, `files-widget-${width}.png`) });
    await agent.screenshot({ path: join(RESULTS, `files-console-${width}.png`) });
    // The console followed its transcript to the newest message, files and all (it follows a
    // resize on its next frames: give it a moment on a busy machine).
    const atEnd = () =>
      transcript().evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight < 8);
    let ended = await atEnd();
    for (let i = 0; i < 25 && !ended; i++) {
      await agent.waitForTimeout(200);
      ended = await atEnd();
    }
    assert.ok(ended, `console transcript at its end at ${width}`);
    assert.ok(await fitsWidth(widgetLog()), `widget log at ${width}`);
    assert.ok(await fitsWidth(transcript()), `console transcript at ${width}`);
    assert.deepEqual(await pageOverflow(agent), { vertical: 0, horizontal: 0 }, `console ${width}`);
  }
  assert.deepEqual(await axe(agent), []);
  assert.deepEqual(await axe(chatFrame()), []);
});

test("no page had an error", () => {
  assert.deepEqual(pageErrors, []);
});
