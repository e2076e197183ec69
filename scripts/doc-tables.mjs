// The docs' tables generated from the code, so no copy drifts: roles x actions from PERMISSIONS and
// ACTION_NAMES (src/core/access.ts), operations x callers from test/permissions.test.ts's MATRIX, and
// the configuration variables from their zod schema (name, default, description).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "..");
const ACCESS = join(ROOT, "src", "core", "access.ts");

/** The modules' values, bundled for Node by esbuild (access.ts also exports its ACTION_NAMES). */
async function loadCode() {
  const dir = await mkdtemp(join(tmpdir(), "docs-"));
  try {
    const outfile = join(dir, "code.mjs");
    await build({
      stdin: {
        contents: [
          'export { PERMISSIONS, ACTION_NAMES } from "./src/core/access.ts";',
          'export { varsSchema } from "./src/platform/config/variables.ts";',
        ].join("\n"),
        resolveDir: ROOT,
        loader: "ts",
      },
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "error",
      plugins: [
        {
          name: "export-action-names",
          setup(build) {
            build.onLoad({ filter: /[\\/]src[\\/]core[\\/]access\.ts$/ }, async () => ({
              contents: `${await readFile(ACCESS, "utf8")}\nexport { ACTION_NAMES };\n`,
              loader: "ts",
            }));
          },
        },
      ],
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The value of a top-level `const name = <literal>` of a TypeScript file (objects, arrays, strings, numbers). */
async function constOf(file, name) {
  const source = ts.createSourceFile(file, await readFile(file, "utf8"), ts.ScriptTarget.Latest);
  const evaluate = (node) => {
    if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return evaluate(node.expression);
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isArrayLiteralExpression(node)) return node.elements.map(evaluate);
    if (ts.isObjectLiteralExpression(node)) {
      return Object.fromEntries(
        node.properties.map((property) => {
          if (!ts.isPropertyAssignment(property)) throw new Error(`${name}: unexpected property`);
          const key = property.name;
          return [ts.isIdentifier(key) ? key.text : evaluate(key), evaluate(property.initializer)];
        }),
      );
    }
    throw new Error(`${name} in ${file}: cannot read ${ts.SyntaxKind[node.kind]} as a value`);
  };
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (declaration.name.getText(source) === name && declaration.initializer) {
        return evaluate(declaration.initializer);
      }
    }
  }
  throw new Error(`${file} declares no const ${name}`);
}

const row = (cells) => `| ${cells.join(" | ")} |`;
const table = (header, rows) =>
  [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");

function rolesTable({ PERMISSIONS, ACTION_NAMES }) {
  const roles = Object.keys(PERMISSIONS);
  return table(
    ["action", ...roles.map((role) => `\`${role}\``)],
    Object.entries(ACTION_NAMES).map(([action, name]) => [
      `${name} (\`${action}\`)`,
      ...roles.map((role) => (PERMISSIONS[role].includes(action) ? "✓" : "")),
    ]),
  );
}

async function matrixTable() {
  const file = join(ROOT, "test", "permissions.test.ts");
  const callers = await constOf(file, "CALLERS");
  const matrix = await constOf(file, "MATRIX");
  return table(
    ["operation", ...callers],
    Object.entries(matrix).map(([operation, statuses]) => [operation, ...statuses]),
  );
}

/** A default as it would be written in wrangler.toml. */
function shown(value) {
  if (value === undefined) return "empty";
  // A text per locale (src/platform/locale.ts): one text for all, or the JSON it was read from.
  if (value?.byLocale) {
    return Object.keys(value.byLocale).length
      ? `\`${JSON.stringify(value.byLocale)}\``
      : shown(value.fallback);
  }
  const text = Array.isArray(value)
    ? value.join(",")
    : typeof value === "object"
      ? Object.entries(value)
          .map((pair) => pair.join(":"))
          .join(",")
      : String(value);
  return `\`${text}\``;
}

function configTable({ varsSchema }) {
  return table(
    ["variable", "default", "meaning"],
    Object.entries(varsSchema.shape).map(([name, schema]) => {
      if (!schema.description) throw new Error(`${name} has no .describe(...) in its schema`);
      return [`\`${name}\``, shown(schema.parse(undefined)), schema.description];
    }),
  );
}

/** Each generated table by the name of its markers, and the file that holds it. */
export async function generatedTables() {
  const code = await loadCode();
  return [
    { file: "docs/permissions.md", name: "roles", text: rolesTable(code) },
    { file: "docs/permissions.md", name: "operations", text: await matrixTable() },
    { file: "docs/configuration.md", name: "variables", text: configTable(code) },
  ];
}

const markers = (name) => [
  `<!-- generated:${name} (npm run docs writes it) -->`,
  `<!-- end generated:${name} -->`,
];

/** `markdown` with the table between its markers replaced; throws when the markers are missing. */
export function withTable(markdown, { file, name, text }) {
  const [start, end] = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no markers for the ${name} table`);
  return `${markdown.slice(0, from + start.length)}\n${text}\n${markdown.slice(to)}`;
}
