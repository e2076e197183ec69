// Copies Swagger UI's files from the swagger-ui-dist package into the Worker's static assets,
// so /docs renders with no CDN (see src/platform/http/docs.ts for the URLs it uses).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const source = dirname(require.resolve("swagger-ui-dist/package.json"));
const target = join(import.meta.dirname, "..", "public", "assets", "swagger-ui-dist");

mkdirSync(target, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]) {
  copyFileSync(join(source, file), join(target, file));
}

// Starts Swagger UI on the document the page names (no inline script: the page's CSP allows none).
writeFileSync(
  join(target, "..", "docs.js"),
  `window.ui = SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.url,
  dom_id: "#swagger-ui",
  validatorUrl: "none",
});
`,
);
