// Browser tests of the web clients: the widget embedded on a shop served from a second origin, and
// the agent console, against a real `wrangler dev` (responder on, sample knowledge base and team),
// driven by Debian's Chromium. A customer and agents in separate browser contexts; axe-core on both
// clients; screenshots saved to test-results/ for review.
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { exportJWK, SignJWT } from "jose";
import { freePort, launchProfile, RESULTS, ROOT, WAIT, withServerAndBrowser } from "./server.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const QUESTION = "How do I get my money back?";

let shop;
let idp;
/** The customer: the shop page (another origin) with the widget on it. */
let customer;
let customerContext;
/** The widget's API requests that carried a D1 bookmark back (read your own writes). */
const bookmarkedRequests = [];
/** Alice, an agent of the sample team "support", in the console. */
let agent;
const pageErrors = [];

/** A pretend site on another origin (localhost, not 127.0.0.1, and another port) embedding the widget. */
async function startShop(serviceOrigin) {
  const port = await freePort();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another shop</title>
<style>button { background: red !important; } iframe { display: none !important; }</style></head>
<body><main><h1>Another shop</h1><p>Selling things.</p></main>
<script src="${serviceOrigin}/widget.js" data-team="support" async></script></body></html>`;
  const http = createServer((_, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => http.close() };
}

/**
 * A minimal OpenID provider: discovery, an authorize endpoint that signs "Olivia" in at once, a token
 * endpoint that checks the PKCE verifier, and its JWKS. Records what it was asked.
 */
async function startIdp(clientId) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...(await exportJWK(publicKey)), kid: "idp-1", alg: "RS256", use: "sig" };
  const codes = new Map();
  const seen = { authorize: [], token: [] };
  const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*" };
  const send = (response, status, body, headers = {}) => {
    response.writeHead(status, { "Content-Type": "application/json", ...cors, ...headers });
    response.end(JSON.stringify(body));
  };
  const http = createServer(async (request, response) => {
    const url = new URL(request.url, issuer);
    if (request.method === "OPTIONS") return send(response, 204, {});
    if (url.pathname === "/.well-known/openid-configuration") {
      return send(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks") return send(response, 200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      const params = Object.fromEntries(url.searchParams);
      seen.authorize.push(params);
      const code = randomUUID();
      codes.set(code, params);
      const back = new URL(params.redirect_uri);
      back.search = new URLSearchParams({ code, state: params.state, iss: issuer }).toString();
      response.writeHead(302, { Location: back.toString() });
      return response.end();
    }
    if (url.pathname === "/token" && request.method === "POST") {
      let body = "";
      for await (const chunk of request) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      seen.token.push(form);
      const asked = codes.get(form.code);
      codes.delete(form.code);
      const challenge = createHash("sha256")
        .update(form.code_verifier ?? "")
        .digest("base64url");
      if (!asked || asked.code_challenge !== challenge || form.client_id !== clientId) {
        return send(response, 400, { error: "invalid_grant" });
      }
      const idToken = await new SignJWT({
        nonce: asked.nonce,
        name: "Olivia",
        roles: ["support-agent"],
      })
        .setProtectedHeader({ alg: "RS256", kid: "idp-1" })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject("olivia")
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
      return send(response, 200, {
        access_token: randomUUID(),
        token_type: "Bearer",
        expires_in: 3600,
        id_token: idToken,
      });
    }
    send(response, 404, { error: "not_found" });
  });
  await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { issuer, seen, close: () => http.close() };
}

function watch(page, who) {
  page.on("pageerror", (error) => pageErrors.push(`${who}: uncaught ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(message.text())) {
      pageErrors.push(`${who}: ${message.text()}`);
    }
  });
  return page;
}

/** The widget's frame on the customer's page. */
const widget = () => customer.frameLocator('iframe[title="Support chat"]');
const widgetLog = () => widget().getByRole("log", { name: "Conversation" });

async function openWidget() {
  const launcher = customer.getByRole("button", { name: /Chat with support/ });
  await launcher.click();
  await widget().getByLabel("Your message").waitFor(WAIT);
}

/** A console shortcut, as an agent presses it: Escape first leaves the field they were typing in. */
async function shortcut(key) {
  await agent.keyboard.press("Escape");
  await agent.keyboard.press(key);
}

async function say(text) {
  await widget().getByLabel("Your message").fill(text);
  await widget().getByLabel("Your message").press("Enter");
}

/** Runs axe-core in a frame or page; answers the serious and critical violations. */
async function axe(target) {
  await target.evaluate(AXE);
  const results = await target.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const api = (path, { token, ...init } = {}) =>
  fetch(`${suite.server.origin}${path}`, {
    ...init,
    headers: {
      "Content-Type": "application/json",
      ...(token && { Authorization: `Bearer ${token}` }),
      ...init.headers,
    },
  });

const suite = withServerAndBrowser(
  async () => {
    idp = await startIdp("support-console");
    return {
      vars: {
        DEV_SIGN_IN: "true",
        AI_RESPONDER: "true",
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: "support-console",
        OIDC_JWKS_URL: `${idp.issuer}/jwks`,
        OIDC_ALGORITHMS: "RS256",
        OIDC_CLIENT_ID: "support-console",
      },
      sqlFiles: ["scripts/sample-kb.sql"],
    };
  },
  {
    setup: async ({ server }) => {
      shop = await startShop(server.origin);
    },
    teardown: async () => {
      await customerContext?.close().catch(() => {});
      shop?.close();
      idp?.close();
    },
  },
);

test("the demo page has the widget, and links to the console and the docs", async () => {
  const page = watch(await (await suite.browser.newContext()).newPage(), "demo");
  await page.goto(`${suite.server.origin}/`);
  await page.getByRole("link", { name: "Agent console", exact: true }).waitFor(WAIT);
  assert.ok(await page.getByRole("link", { name: "API docs" }).isVisible());
  await page.getByRole("button", { name: /Chat with support/ }).waitFor(WAIT);
  await page.context().close();
});

test("the widget works by keyboard alone: focus moves in when it opens and back when it closes", async () => {
  const page = watch(await (await suite.browser.newContext()).newPage(), "keyboard");
  await page.goto(`${suite.server.origin}/`);
  const launcher = page.getByRole("button", { name: /Chat with support/ });
  await launcher.waitFor(WAIT);
  await launcher.focus();
  await page.keyboard.press("Enter");
  const frame = page.frameLocator('iframe[title="Support chat"]');
  const field = frame.getByLabel("Your message");
  await field.waitFor(WAIT);
  await page.waitForFunction(() => document.activeElement?.tagName === "DIV"); // the widget's host
  assert.equal(
    await field.evaluate((el) => el === document.activeElement),
    true,
    "focus is in the field",
  );
  await page.keyboard.type("Resetting my password?");
  await page.keyboard.press("Enter");
  await frame.locator(".message.bot").first().waitFor(WAIT);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Chat with support" }).waitFor(WAIT);
  assert.equal(
    await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.tagName),
    "BUTTON",
    "focus is back on the launcher",
  );
  await page.context().close();
});

test("an agent signs in (development sign-in) and makes herself available", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
  agent = watch(await context.newPage(), "agent");
  await agent.goto(`${suite.server.origin}/console/`);
  await agent.getByRole("button", { name: "Sign in as Alice, agent" }).click();
  await agent.getByText("Alice (agent)").waitFor(WAIT);
  await agent.locator(".connection.live").waitFor(WAIT);
  // Alice is online (the default) and connected: routing may give her sessions.
  const available = agent.getByRole("button", { name: "Available for chats" });
  assert.equal(await available.getAttribute("aria-pressed"), "true");
  // Away and back, by keyboard shortcut.
  await shortcut("a");
  await agent.getByRole("button", { name: "Away: get no new chats" }).waitFor(WAIT);
  await shortcut("a");
  await available.waitFor(WAIT);
});

test("on another site, the customer asks; the bot answers from the knowledge base, with sources", async () => {
  customerContext = await launchProfile(mkdtempSync(join(tmpdir(), "support-chat-customer-")), {
    viewport: { width: 1100, height: 860 },
    acceptDownloads: true,
  });
  customer = watch(await customerContext.newPage(), "customer");
  customer.on("request", (request) => {
    if (request.headers()["x-d1-bookmark"]) bookmarkedRequests.push(request.url());
  });
  await customer.goto(shop.origin);
  // The host page's CSS hides every iframe and paints every button red: the widget is unaffected.
  const launcher = customer.getByRole("button", { name: /Chat with support/ });
  await launcher.waitFor(WAIT);
  assert.equal(
    await launcher.evaluate((b) => getComputedStyle(b).backgroundColor),
    "rgb(29, 78, 216)",
  );
  // No session until the first message.
  await openWidget();
  assert.equal(
    await customer.evaluate(() => localStorage.length),
    0,
    "the shop's storage is untouched",
  );
  await widget().getByText("Hello! Write your question below").waitFor(WAIT);

  await say(QUESTION);
  await widgetLog().getByText(QUESTION).waitFor(WAIT);
  const answer = widgetLog().locator(".message.bot").last();
  await answer.waitFor(WAIT);
  assert.match(await answer.textContent(), /return/i);
  assert.match(await answer.locator(".sources").textContent(), /Returns and refunds/);
  await widget().getByText("In this chat: Assistant").waitFor(WAIT);
  await customer.screenshot({ path: join(RESULTS, "widget-bot.png") });
});

test("the customer asks for a person: Alice is assigned at once and sees the bot's summary", async () => {
  await widget().getByRole("button", { name: "Talk to a person" }).click();
  await widgetLog().getByText("Connecting you with a person.").waitFor(WAIT);
  // The widget's client sends back the bookmark its earlier answers gave it.
  assert.ok(
    bookmarkedRequests.some((url) => url.endsWith("/handoff")),
    `bookmarked: ${bookmarkedRequests}`,
  );
  // Routing gave it to Alice (the team routes automatically; she is online with room).
  await agent.getByRole("button", { name: /^Mine \(1\)/ }).waitFor(WAIT);
  await shortcut("2");
  await agent.keyboard.press("Enter");
  const transcript = agent.getByRole("log", { name: "Transcript" });
  await transcript.getByText(QUESTION).first().waitFor(WAIT);
  await agent
    .getByText("Handed over by the assistant: The customer asked for a person")
    .waitFor(WAIT);
  await transcript.locator(".message.internal").first().waitFor(WAIT);
  await widget()
    .getByText(/In this chat: .*Alice/)
    .waitFor(WAIT);
});

test("they chat live both ways; Alice's internal note never reaches the customer", async () => {
  await shortcut("/");
  await agent.keyboard.type("Hi, I am Alice. Which order is it?");
  await agent.keyboard.press("Enter");
  await widgetLog().getByText("Hi, I am Alice. Which order is it?").waitFor(WAIT);

  await say("Order 1234, the tent.");
  const transcript = agent.getByRole("log", { name: "Transcript" });
  await transcript.getByText("Order 1234, the tent.").waitFor(WAIT);

  await shortcut("n");
  await agent.keyboard.type("Internal: customer is a repeat buyer");
  await agent.keyboard.press("Enter");
  await transcript.getByText("Internal: customer is a repeat buyer").waitFor(WAIT);
  assert.match(await transcript.locator(".message.internal").last().textContent(), /Internal note/);
  // A public message after the note: once the customer has it, they would have the note too.
  await shortcut("/");
  await agent.keyboard.type("Thanks, looking now.");
  await agent.keyboard.press("Enter");
  await widgetLog().getByText("Thanks, looking now.").waitFor(WAIT);
  assert.doesNotMatch(await widgetLog().textContent(), /repeat buyer/);
  await agent.screenshot({ path: join(RESULTS, "console-conversation.png") });
});

test("the unread badge counts what arrives while the chat is closed", async () => {
  await customer.getByRole("button", { name: /Close the support chat/ }).click();
  await shortcut("/");
  await agent.keyboard.type("Found it: a refund is on its way.");
  await agent.keyboard.press("Enter");
  await customer.getByRole("button", { name: "Chat with support, 1 unread" }).waitFor(WAIT);
  await openWidget();
  await customer.getByRole("button", { name: "Close the support chat" }).waitFor(WAIT);
});

test("offline and back: what the customer wrote offline is shown pending, then sent once", async () => {
  await customer.context().setOffline(true);
  await widget().getByText("You are offline").waitFor(WAIT);
  await say("Sent while offline");
  const pending = widgetLog().locator(".message.pending");
  await pending.getByText("Sent while offline").waitFor(WAIT);
  await customer.context().setOffline(false);
  await pending.waitFor({ state: "detached", ...WAIT });
  const transcript = agent.getByRole("log", { name: "Transcript" });
  await transcript.getByText("Sent while offline").waitFor(WAIT);
  // Stored once.
  const { token } = await (
    await api("/sign-in/dev", { method: "POST", body: JSON.stringify({ agent_id: "alice" }) })
  ).json();
  const mine = await (await api("/sessions?assignee=me&status=assigned", { token })).json();
  assert.equal(mine.sessions.length, 1);
  const sessionId = mine.sessions[0].id;
  const session = await (await api(`/sessions/${sessionId}?limit=200`, { token })).json();
  assert.equal(session.messages.filter((m) => m.content === "Sent while offline").length, 1);
});

test("a reload resumes the conversation", async () => {
  await customer.reload();
  await openWidget();
  await widgetLog().getByText("Sent while offline").waitFor(WAIT);
  const texts = await widgetLog().locator(".message p:first-of-type").allInnerTexts();
  assert.equal(texts.filter((t) => t === "Order 1234, the tent.").length, 1, "no duplicates");
});

test("axe-core finds no serious or critical problem in the widget or the console", async () => {
  const frame = customer.frames().find((f) => f.url().includes("/widget/"));
  assert.ok(frame, "the widget's frame");
  assert.deepEqual(await axe(frame), [], "widget");
  assert.deepEqual(await axe(agent), [], "console");
});

test("Alice resolves; the customer rates the chat and can download the transcript", async () => {
  await shortcut("r");
  await widget().getByText("This chat is closed. How did we do?").waitFor(WAIT);
  const [download] = await Promise.all([
    customer.waitForEvent("download"),
    widget().getByRole("button", { name: "Download transcript" }).click(),
  ]);
  const text = readFileSync(await download.path(), "utf8");
  assert.match(text, /You: Order 1234, the tent\./);
  assert.doesNotMatch(text, /repeat buyer/);

  await widget().getByLabel("5 stars").check();
  await widget().getByLabel("Anything to add?").fill("Quick and kind.");
  await widget().getByRole("button", { name: "Send rating" }).click();
  await widget().getByText("Thank you for your rating!").waitFor(WAIT);
  await customer.screenshot({ path: join(RESULTS, "widget-rated.png") });
});

test("a supervisor sees the team and the dashboard's charts", async () => {
  const page = watch(
    await (await suite.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(),
    "supervisor",
  );
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in as Sam, supervisor" }).click();
  await page.getByText("Sam (supervisor)").waitFor(WAIT);
  await page.keyboard.press("4");
  const team = page.getByRole("table");
  await team.getByRole("rowheader", { name: "Alice" }).waitFor(WAIT);
  await page.keyboard.press("5");
  // Chartist's bars are SVG lines (no area): wait for them in the DOM, then read their values.
  const perAgent = page.locator("figure").first().locator(".ct-bar");
  await perAgent.first().waitFor({ state: "attached", ...WAIT });
  // Alice: one session handled, one resolved.
  assert.deepEqual(
    await perAgent.evaluateAll((bars) => bars.map((bar) => bar.getAttribute("ct:value"))),
    ["1", "1"],
  );
  await page.getByRole("rowheader", { name: "Alice" }).waitFor(WAIT);
  assert.deepEqual(await axe(page), [], "dashboard");
  await page.screenshot({ path: join(RESULTS, "console-dashboard.png"), fullPage: true });
  await page.context().close();
});

test("an agent signs in through the company's identity provider (OIDC code flow with PKCE)", async () => {
  const page = watch(await (await suite.browser.newContext()).newPage(), "oidc");
  await page.goto(`${suite.server.origin}/console/`);
  await page.getByRole("button", { name: "Sign in with your company account" }).click();
  await page.getByText("Olivia (agent)").waitFor(WAIT);
  const [asked] = idp.seen.authorize;
  assert.equal(asked.code_challenge_method, "S256");
  assert.equal(asked.redirect_uri, `${suite.server.origin}/console/`);
  assert.ok(idp.seen.token[0].code_verifier, "the token request carried the PKCE verifier");
  assert.equal(new URL(page.url()).search, "", "the code is gone from the address bar");
  await page.context().close();
});

test("eight customers at once: each gets a session of their own, and one answer", async () => {
  // Incognito contexts: the frame may not store, so each chat lives in its page; ids from its traffic.
  const contexts = await Promise.all(Array.from({ length: 8 }, () => suite.browser.newContext()));
  try {
    const pages = await Promise.all(
      contexts.map(async (context, i) => watch(await context.newPage(), `customer ${i}`)),
    );
    await Promise.all(pages.map((page) => page.goto(shop.origin)));
    const ids = await Promise.all(
      pages.map(async (page) => {
        await page.getByRole("button", { name: /Chat with support/ }).click();
        const frame = page.frameLocator('iframe[title="Support chat"]');
        const started = page.waitForResponse(
          (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sessions",
        );
        await frame.getByLabel("Your message").fill(QUESTION);
        await frame.getByLabel("Your message").press("Enter");
        await frame.locator(".message.bot").first().waitFor(WAIT);
        return (await (await started).json()).id;
      }),
    );
    assert.equal(new Set(ids).size, 8, `eight sessions: ${ids}`);
    const { token } = await (
      await api("/sign-in/dev", {
        method: "POST",
        body: JSON.stringify({ agent_id: "sam", role: "supervisor" }),
      })
    ).json();
    for (const id of ids) {
      const session = await (await api(`/sessions/${id}?limit=50`, { token })).json();
      assert.equal(session.status, "bot");
      assert.deepEqual(
        session.messages.map((m) => m.author_type),
        ["service_agent", "customer", "bot"],
      );
    }
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});

test("the widget's first load is within 30 KB of JavaScript (gzip), and nothing failed", () => {
  const sizes = JSON.parse(readFileSync(join(ROOT, "public", "app", "sizes.json"), "utf8"));
  assert.ok(sizes.widgetFirstLoad <= 30 * 1024, `widget first load ${sizes.widgetFirstLoad} bytes`);
  assert.deepEqual(pageErrors, []);
});
