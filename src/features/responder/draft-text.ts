const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * The customer's reply so far in a model's unfinished JSON answer: the decoded text of its `reply`
 * string up to what has arrived (an escape cut in half waits for the rest). Empty until the answer
 * has said `"action": "answer"` before its reply, so a handoff's words are never shown.
 */
export function draftReply(raw: string): string {
  const action = /"action"\s*:\s*"(\w+)"/.exec(raw);
  const reply = /"reply"\s*:\s*"/.exec(raw);
  if (!action || !reply || action[1] !== "answer" || action.index > reply.index) return "";
  let text = "";
  for (let at = reply.index + reply[0].length; at < raw.length; at++) {
    const char = raw[at] as string;
    if (char === '"') return text;
    if (char !== "\\") {
      text += char;
      continue;
    }
    const kind = raw[at + 1];
    if (kind === undefined) return text;
    if (kind === "u") {
      const hex = raw.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return text;
      text += String.fromCharCode(Number.parseInt(hex, 16));
      at += 5;
      continue;
    }
    text += ESCAPES[kind] ?? "";
    at++;
  }
  // A surrogate pair cut in half shows once both halves are in.
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}
