// What a Markdown file points at, checked: relative links to files and folders that exist, `#anchors`
// that exist in their target (GitHub's slugs), and repository paths named in code that exist.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .replace(/`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The file's lines outside fenced code blocks, and the lines inside them, with line numbers. */
function split(markdown) {
  const prose = [];
  const code = [];
  let fenced = false;
  markdown.split("\n").forEach((text, index) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    else (fenced ? code : prose).push({ text, line: index + 1 });
  });
  return { prose, code };
}

/** The anchors of a Markdown file's headings (a repeated heading gets -1, -2 … as on GitHub). */
export function anchorsOf(markdown) {
  const seen = new Map();
  const anchors = new Set();
  for (const { text } of split(markdown).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

/** Top-level folders whose paths, named in code, must exist (public/ is built, so it is left out). */
const PATH =
  /(?<![\w./-])((?:src|test|web|scripts|bench|drizzle|docs|\.github|\.ci)\/[\w./*<>-]*)/g;
/** Paths that runs write, never committed. */
const WRITTEN = /^(bench\/results\/|test\/api-client\/openapi\.d\.ts)/;

/** A named path exists: as written, as a module without its extension, or (a pattern) its folder. */
function pathExists(root, path) {
  const trimmed = path.replace(/[.]+$/, "");
  if (/[*<>]|NNNN/.test(trimmed))
    return existsSync(join(root, dirname(trimmed.replace(/\*.*$/, "x"))));
  return ["", ".ts", ".tsx", ".mjs", ".js"].some((ext) => existsSync(join(root, trimmed + ext)));
}

/** Every broken link or path of `file`, as "file:line: what". */
export function brokenLinks(root, file) {
  const markdown = readFileSync(file, "utf8");
  const { prose, code } = split(markdown);
  const where = (line) => `${relative(root, file)}:${line}`;
  const problems = [];
  for (const { text, line } of prose) {
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split("#");
      const resolved = path ? join(dirname(file), decodeURIComponent(path)) : file;
      if (!existsSync(resolved)) {
        problems.push(`${where(line)}: ${target}: no such file`);
      } else if (anchor !== undefined && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
        problems.push(`${where(line)}: ${target}: no heading with that anchor`);
      }
    }
  }
  const spans = [
    ...prose.flatMap(({ text, line }) =>
      [...text.matchAll(/`([^`]+)`/g)].map((match) => ({ text: match[1], line })),
    ),
    ...code,
  ];
  for (const { text, line } of spans) {
    for (const [, path] of text.matchAll(PATH)) {
      if (!WRITTEN.test(path) && !pathExists(root, path))
        problems.push(`${where(line)}: ${path}: no such path`);
    }
  }
  return problems;
}
