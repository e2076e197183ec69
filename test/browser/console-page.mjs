// What the console's browser tests share: the API as the test's own client, tokens (the dev sign-in
// for agents, the service's signing key for named customers), signing in, axe-core, and where words
// land on the screen (the visual order the bidi algorithm gives them).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SignJWT } from "jose";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export { WAIT } from "./server.mjs";

import { WAIT } from "./server.mjs";

/** A client of `server`'s API; each call answers the status and the parsed body. */
export function apiOf(server) {
  const call = async (method, path, token, body) => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { "Content-Type": "application/json" }),
        ...(token && { Authorization: `Bearer ${token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (path, token) => call("GET", path, token),
    post: (path, token, body) => call("POST", path, token, body),
    put: (path, token, body) => call("PUT", path, token, body),
    patch: (path, token, body) => call("PATCH", path, token, body),
    /** An agent's token from the development sign-in. */
    agentToken: async (agentId, name, role = "service_agent") =>
      (await call("POST", "/sign-in/dev", null, { agent_id: agentId, name, role })).body.token,
    /** A named customer's token for one session of theirs (with it they may start another). */
    customerToken: (subject, name, sessionId) => {
      const [{ kid, secret }] = server.signing.signingKeys;
      return new SignJWT({ role: "customer", name, sid: sessionId })
        .setProtectedHeader({ alg: "HS256", kid, typ: "JWT" })
        .setSubject(subject)
        .setIssuer(server.signing.issuer)
        .setAudience(server.signing.audience)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode(secret));
    },
    /** A site's signed identity for its user `subject` (name, email, attributes in `claims`). */
    identityToken: (subject, claims = {}) => {
      const { kid, secret } = server.signing.identityKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", kid })
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(new TextEncoder().encode(secret));
    },
  };
}

/** Signs in to the console with a pasted token. */
export async function signInWithToken(page, origin, token) {
  await page.goto(`${origin}/console/`);
  await page.getByLabel(/An agent token/).fill(token);
  await page.getByRole("button", { name: "Sign in with this token" }).click();
  await page.locator(".connection.live").waitFor(WAIT);
}

/** Collects uncaught errors and console errors of `page` into `errors`. */
export function watch(page, who, errors) {
  page.on("pageerror", (error) => errors.push(`${who}: uncaught ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(message.text())) {
      errors.push(`${who}: ${message.text()}`);
    }
  });
  return page;
}

/** Runs axe-core in a page; answers the serious and critical violations. */
export async function axe(page) {
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    globalThis.axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Where the words `first` and `second` are drawn inside `locator`'s element: whether `first` is left
 * of `second`, and whether they are on one line (from the glyphs' own boxes, Range.getClientRects).
 */
export function visualOrder(locator, first, second) {
  return locator.evaluate(
    (root, words) => {
      const box = (word) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(word);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const rects = [...range.getClientRects()];
          return {
            left: Math.min(...rects.map((r) => r.left)),
            top: Math.min(...rects.map((r) => r.top)),
          };
        }
        throw new Error(`"${word}" is not in ${root.textContent}`);
      };
      const [a, b] = words.map(box);
      return { leftToRight: a.left < b.left, oneLine: Math.abs(a.top - b.top) < 4 };
    },
    [first, second],
  );
}

/** How many lines the text of `locator`'s element takes. */
export function linesOf(locator) {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
}

/** Whether the page itself scrolls (it should not: only its panes do), and by how much. */
export function pageOverflow(page) {
  return page.evaluate(() => ({
    vertical: document.documentElement.scrollHeight - innerHeight,
    horizontal: document.documentElement.scrollWidth - innerWidth,
  }));
}

/** Whether `locator`'s element lies entirely within the window. */
export function inWindow(locator) {
  return locator.evaluate((element) => {
    const r = element.getBoundingClientRect();
    return (
      r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5
    );
  });
}
