// CSV as RFC 4180 writes it, safe to open in a spreadsheet.

export type Cell = string | number | boolean | null | undefined;

/** What a spreadsheet reads as the start of a formula (or a field separator it trims). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text a spreadsheet would run as a formula is prefixed with ' (OWASP's advice); text with
 * a comma, quote or line break is quoted, quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, ended by CRLF. */
export const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** A header line and the records under it. */
export const csvTable = (header: string[], rows: Cell[][]) =>
  [header, ...rows].map(csvLine).join("");
