// `npm run check:docs` (part of `npm run check`): every link and path of README.md and docs/*.md
// resolves, and every generated table equals what the code generates now. `npm run docs` (--write)
// rewrites the generated tables instead of failing on them.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brokenLinks } from "./doc-links.mjs";
import { generatedTables, withTable } from "./doc-tables.mjs";

const ROOT = join(import.meta.dirname, "..");
const write = process.argv.includes("--write");
const problems = [];

for (const table of await generatedTables()) {
  const file = join(ROOT, table.file);
  const markdown = readFileSync(file, "utf8");
  const updated = withTable(markdown, table);
  if (updated === markdown) continue;
  if (write) {
    writeFileSync(file, updated);
    console.log(`${table.file}: the ${table.name} table rewritten`);
  } else {
    problems.push(`${table.file}: the ${table.name} table differs from the code (npm run docs)`);
  }
}

const files = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
for (const file of files) problems.push(...brokenLinks(ROOT, join(ROOT, file)));

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`docs: ${files.length} files, every link resolves, generated tables up to date`);
