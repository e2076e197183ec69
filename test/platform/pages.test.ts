// The HTML pages are served with a strict Content-Security-Policy (their own origin only, the
// identity provider where the console needs it), nosniff and no referrer; only the widget's frame
// may be embedded, by the sites CORS_ORIGINS allows.
import { describe, expect, it } from "vitest";
import { call, testApp } from "../helpers";

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string> {
  expect(header).toBeTruthy();
  return Object.fromEntries(
    (header as string).split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

const PAGES = [
  ["/", "Acme Outdoor"],
  ["/widget/", "Support chat"],
  ["/console/", "Support console"],
  ["/docs", "Support chat API"],
] as const;

describe("the HTML pages", () => {
  it.each(PAGES)(
    "%s has a strict CSP: scripts and styles from its own origin only",
    async (path, title) => {
      const response = await call(path, { token: null });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`<title>${title}`);
      const csp = directives(response.headers.get("Content-Security-Policy"));
      expect(csp["default-src"]).toBe("'none'");
      expect(csp["script-src"]).toBe("'self'");
      expect(csp["style-src"]).toBe("'self'");
      expect(csp["base-uri"]).toBe("'none'");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    },
  );

  it("has no inline script or style for the CSP to refuse", async () => {
    for (const [path] of PAGES) {
      const html = await (await call(path, { token: null })).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html, path).not.toMatch(/<style|\sstyle="|\son[a-z]+="/);
    }
  });

  it("lets any allowed site frame the widget, and nothing frame the others", async () => {
    const widget = await call("/widget/", { token: null });
    expect(directives(widget.headers.get("Content-Security-Policy"))["frame-ancestors"]).toBe("*");
    expect(widget.headers.get("X-Frame-Options")).toBeNull();
    for (const path of ["/", "/console/", "/docs"]) {
      const response = await call(path, { token: null });
      expect(directives(response.headers.get("Content-Security-Policy"))["frame-ancestors"]).toBe(
        "'none'",
      );
      expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    }
    const shop = testApp({
      vars: { CORS_ORIGINS: "https://shop.example,https://www.shop.example" },
    });
    const allowed = await shop.request("/widget/");
    expect(directives(allowed.headers.get("Content-Security-Policy"))["frame-ancestors"]).toBe(
      "https://shop.example https://www.shop.example",
    );
  });

  it("lets the console reach the identity provider it signs agents in with, and nothing else", async () => {
    const plain = directives(
      (await call("/console/", { token: null })).headers.get("Content-Security-Policy"),
    );
    expect(plain["connect-src"]).toBe("'self'");
    const sso = testApp({
      vars: {
        OIDC_ISSUER: "https://login.example.com/tenant/",
        OIDC_AUDIENCE: "support-console",
        OIDC_JWKS_URL: "https://login.example.com/tenant/keys",
        OIDC_CLIENT_ID: "support-console",
      },
    });
    const csp = directives((await sso.request("/console/")).headers.get("Content-Security-Policy"));
    expect(csp["connect-src"]).toBe("'self' https://login.example.com");
  });

  it("let the widget and the console show the chat's pictures: files by link, previews made in the browser", async () => {
    for (const path of ["/widget/", "/console/"]) {
      const csp = directives(
        (await call(path, { token: null })).headers.get("Content-Security-Policy"),
      );
      expect(csp["img-src"], path).toBe("'self' data: blob:");
    }
    const filesOrigin = testApp({ vars: { FILES_ORIGIN: "https://files.example.net" } });
    for (const path of ["/widget/", "/console/"]) {
      const csp = directives(
        (await filesOrigin.request(path)).headers.get("Content-Security-Policy"),
      );
      expect(csp["img-src"], path).toBe("'self' data: blob: https://files.example.net");
    }
    const demo = directives(
      (await filesOrigin.request("/")).headers.get("Content-Security-Policy"),
    );
    expect(demo["img-src"]).toBe("'self' data:");
  });

  it("still answer the API with the API's headers", async () => {
    const health = await call("/health", { token: null });
    expect(health.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(health.headers.get("Content-Security-Policy")).toBeNull();
  });
});
