// Builds the web clients into the Worker's static assets (public/), so one deploy ships them:
//   public/widget.js              the loader a site embeds (tiny, cached for minutes: deploys reach sites fast)
//   public/app/*-[hash].{js,css}  the widget's chat and the agent console (hashed: cached for a year)
//   public/widget/index.html      the widget's frame; public/console/index.html; public/index.html (the demo shop)
//   public/demo.js                the demo shop's own sign-in
//   public/_headers               cache rules for those files (the pages' security headers: src/platform/http/pages.ts)
// Prints the JavaScript a site's first load of the widget costs (gzip) and writes it to public/app/sizes.json.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const WEB = join(ROOT, "web");
const PUBLIC = join(ROOT, "public");
const APP = join(PUBLIC, "app");
/** The budget for the widget's first load: loader and chat, gzip. */
const WIDGET_BUDGET = 30 * 1024;

const common = {
  bundle: true,
  minify: true,
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "hono/jsx/dom",
  legalComments: "none",
  absWorkingDir: ROOT,
  logLevel: "warning",
};

rmSync(APP, { recursive: true, force: true });
/** Each app's files as URL paths: "widget" and "console" (their JS), "console.css". */
const urls = {};
/** Each app's lazily imported files (the widget's languages but English), as paths. */
const lazy = {};
const bundle = async (name, entry, options = {}) => {
  const result = await build({
    ...common,
    format: "esm",
    entryPoints: { [name]: join(WEB, entry) },
    outdir: APP,
    entryNames: "[name]-[hash]",
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
    ...options,
  });
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    // Lazily imported modules are entry points too: keep the app's own, and note the others.
    if (output.entryPoint !== relative(ROOT, join(WEB, entry))) {
      if (output.entryPoint && file.endsWith(".js"))
        lazy[name] = [...(lazy[name] ?? []), join(ROOT, file)];
      continue;
    }
    urls[name] = `/${relative(PUBLIC, join(ROOT, file))}`;
    if (output.cssBundle)
      urls[`${name}.css`] = `/${relative(PUBLIC, join(ROOT, output.cssBundle))}`;
  }
};
// The widget is one file and its customer's language (English is in it); the console loads its
// sign-in library and chart library only when it needs them (split chunks).
await bundle("widget", "widget/frame.tsx", { splitting: true });
await bundle("console", "console/main.tsx", { splitting: true });
await build({
  ...common,
  format: "iife",
  entryPoints: [join(WEB, "widget/loader.ts")],
  outfile: join(PUBLIC, "widget.js"),
});
await build({
  ...common,
  format: "iife",
  entryPoints: [join(WEB, "demo/demo.ts")],
  outfile: join(PUBLIC, "demo.js"),
});

const page = (template, target) => {
  const html = readFileSync(join(WEB, template), "utf8").replace(
    /\{\{([\w.]+)\}\}/g,
    (_, name) => urls[name],
  );
  mkdirSync(join(PUBLIC, target, ".."), { recursive: true });
  writeFileSync(join(PUBLIC, target), html);
};
page("widget/index.html", "widget/index.html");
page("console/index.html", "console/index.html");
page("demo/index.html", "index.html");
copyFileSync(join(WEB, "demo/demo.css"), join(PUBLIC, "demo.css"));

writeFileSync(
  join(PUBLIC, "_headers"),
  `# Written by scripts/build-web.mjs.
/app/*
  Cache-Control: public, max-age=31536000, immutable
/widget.js
  Cache-Control: public, max-age=300
/widget/*
  Cache-Control: no-cache
/console/*
  Cache-Control: no-cache
`,
);

const gzip = (path) => gzipSync(readFileSync(path)).length;
const sizes = {
  loader: gzip(join(PUBLIC, "widget.js")),
  widget: gzip(join(PUBLIC, urls.widget)),
  console: gzip(join(PUBLIC, urls.console)),
};
// The costliest language a customer may load with it (none for English).
sizes.language = Math.max(0, ...(lazy.widget ?? []).map(gzip));
const firstLoad = sizes.loader + sizes.widget + sizes.language;
writeFileSync(join(APP, "sizes.json"), JSON.stringify({ ...sizes, widgetFirstLoad: firstLoad }));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `web: widget first load ${kb(firstLoad)} gzip (loader ${kb(sizes.loader)} + chat ${kb(sizes.widget)} + language ${kb(sizes.language)}; budget ${kb(WIDGET_BUDGET)}); console ${kb(sizes.console)}`,
);
if (firstLoad > WIDGET_BUDGET) {
  console.error(`web: the widget's first load is over its budget of ${kb(WIDGET_BUDGET)}`);
  process.exit(1);
}
