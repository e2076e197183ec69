import type { Context } from "hono";
import type { Config } from "../config/config";
import { type AppEnv, createRouter } from "./router";

/**
 * The HTML pages, each with the headers it needs. The pages are built files with no inline script or
 * style (scripts/build-web.mjs), so each gets a strict Content-Security-Policy: its own origin only,
 * plus the identity provider where the console signs agents in; style attributes only where a library
 * sets them (Chartist's labels, Swagger UI). The widget's frame may be embedded by the sites allowed
 * in CORS_ORIGINS; nothing else may be framed. The chat's pictures: files by signed link (from
 * FILES_ORIGIN where it is set) and, before upload, previews made in the browser (blob:).
 */
const PAGES = {
  /** The demo shop (/), which embeds the widget. */
  demo: {
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-src": "'self'",
    "connect-src": "'self'",
  },
  /** The widget's frame (/widget/), on any allowed site. */
  widget: {
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "connect-src": "'self'",
  },
  /** The agent console (/console/). */
  console: {
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "connect-src": "'self'",
  },
  /** Swagger UI (/docs). */
  docs: {
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
  },
} as const;

export type Page = keyof typeof PAGES;

/** The paths served here (wrangler.toml's `run_worker_first` sends them to the Worker first). */
export const PAGE_PATHS: Record<string, Page> = {
  "/": "demo",
  "/index.html": "demo",
  "/widget/": "widget",
  "/widget/index.html": "widget",
  "/console/": "console",
  "/console/index.html": "console",
  "/docs": "docs",
};

/** Whether a request reads one of the HTML pages (they carry their own security headers). */
export const isPage = (request: { method: string; path: string }) =>
  (request.method === "GET" || request.method === "HEAD") && request.path in PAGE_PATHS;

/** The headers of `page` under `config`. */
export function pageHeaders(page: Page, config: Config): Record<string, string> {
  const directives: Record<string, string> = {
    "default-src": "'none'",
    ...PAGES[page],
    "base-uri": "'none'",
    "form-action": page === "console" ? "'self'" : "'none'",
    "frame-ancestors": page === "widget" ? frameAncestors(config) : "'none'",
  };
  // The console fetches the identity provider's metadata and trades its code there.
  const issuer = config.signIn.oidc?.issuer;
  if (page === "console" && issuer) directives["connect-src"] += ` ${new URL(issuer).origin}`;
  const files = config.files.origin;
  if ((page === "console" || page === "widget") && files) {
    directives["img-src"] += ` ${new URL(files).origin}`;
  }
  return {
    "Content-Security-Policy": Object.entries(directives)
      .map(([name, value]) => `${name} ${value}`)
      .join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...(page !== "widget" && {
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    }),
  };
}

/** The sites that may embed the widget: those CORS_ORIGINS allows (any, by default). */
function frameAncestors(config: Config): string {
  return config.corsOrigins.includes("*") ? "*" : config.corsOrigins.join(" ");
}

/** The static pages (from the Worker's assets), answered with their headers. */
export function pageRoutes(config: Config) {
  const serve = async (c: Context<AppEnv>) => {
    const page = PAGE_PATHS[c.req.path] as Page;
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    const response = new Response(asset.body, asset);
    if (asset.ok) {
      for (const [name, value] of Object.entries(pageHeaders(page, config))) {
        response.headers.set(name, value);
      }
    }
    return response;
  };
  const router = createRouter();
  for (const [path, page] of Object.entries(PAGE_PATHS)) {
    if (page !== "docs") router.get(path, serve);
  }
  return router;
}
