// What a customer wrote in an email reply, without the history their mail client quoted below it.

/** Lines that begin the quoted history, in the styles of common mail clients and languages. */
const QUOTE_STARTS = [
  /^-{2,}\s*Original Message\s*-{2,}/i, // Outlook
  /^-{2,}\s*Forwarded message\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook on the web, before its From: block
  /^(Le|El|Am|Il|Op|Em) .{4,200}(a écrit|escribió|schrieb|ha scritto|schreef|escreveu).{0,40}:\s*$/i,
];

/** Quoted history: Gmail and Apple Mail's "On …, … wrote:" may wrap over up to three lines. */
function startsQuote(lines: string[], i: number): boolean {
  const line = lines[i] ?? "";
  if (QUOTE_STARTS.some((pattern) => pattern.test(line))) return true;
  if (/^On\s.+/i.test(line)) {
    for (let n = 1; n <= 3; n++) {
      if (/\swrote:\s*$/i.test(lines.slice(i, i + n).join(" "))) return true;
    }
  }
  // Outlook's plain header block: From: … then Sent: or Date:.
  return /^From:\s.+/i.test(line) && /^(Sent|Date):\s/i.test(lines[i + 1] ?? "");
}

export function replyText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (startsQuote(lines, i)) break;
    // The signature's separator ("-- "), after which nothing is the reply.
    if (line === "-- ") break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  apos: "'",
  nbsp: " ",
};

/** The text of an HTML-only email, its quoted parts (blockquotes, Gmail's quote) left out. */
export function htmlText(html: string): string {
  const text = html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<div[^>]*class="[^"]*(gmail_quote|moz-cite-prefix)[^"]*"[\s\S]*$/i, "")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (/^#\d+$/.test(name) && name !== "#39") return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n");
}
