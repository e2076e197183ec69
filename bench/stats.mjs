// Shared by bench/run.mjs and bench/live.mjs: numeric settings from the environment, summary
// statistics and the tables they print.

/**
 * The number in env `name` (`fallback` when unset or empty); throws unless it is finite and
 * non-negative, or with `positive`, greater than zero.
 */
export function envNumber(name, fallback, { positive = false } = {}) {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || (positive ? number <= 0 : number < 0))
    throw new Error(
      `${name} must be a ${positive ? "positive" : "non-negative"} number, not "${value}"`,
    );
  return number;
}

export const sum = (values) => values.reduce((a, b) => a + b, 0);
export const fmt = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The `q` quantile (0..1) of ascending `sorted` values (nearest rank); NaN when there are none. */
export function percentile(sorted, q) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Prints `rows` under `header` in aligned columns: the first left-aligned, the others right-aligned. */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}
