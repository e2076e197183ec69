import type { FileType } from "../../platform/config/files";

// A file's type, decided from its own bytes (never from its name or the type its sender declared).

/** How many leading bytes `sniff` needs to decide. */
export const SNIFF_BYTES = 512;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: { type: Exclude<FileType, "text/plain">; test: (b: Uint8Array) => boolean }[] = [
  { type: "image/png", test: (b) => startsWith(b, [0x89, ...ascii("PNG\r\n"), 0x1a, 0x0a]) },
  { type: "image/jpeg", test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    type: "image/gif",
    test: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")),
  },
  {
    type: "image/webp",
    test: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBPVP8"), 8),
  },
  { type: "application/pdf", test: (b) => startsWith(b, ascii("%PDF-")) },
];

/**
 * The type of a file from its first bytes (at least SNIFF_BYTES of them, or the whole file): one of
 * the signatures above, else text/plain for well-formed UTF-8 with no control characters but tab and
 * line breaks (and no markup that a browser would sniff as HTML), else null.
 */
export function sniff(head: Uint8Array, wholeFile: boolean): FileType | null {
  for (const { type, test } of SIGNATURES) if (test(head)) return type;
  return isPlainText(head, wholeFile) ? "text/plain" : null;
}

function isPlainText(head: Uint8Array, wholeFile: boolean): boolean {
  if (!head.length) return false;
  // A multi-byte character cut at the end of the head is fine: drop up to 3 trailing bytes.
  let text: string | null = null;
  for (let cut = 0; cut <= (wholeFile ? 0 : 3) && text === null; cut++) {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
        head.subarray(0, head.length - cut),
      );
    } catch {
      text = null;
    }
  }
  if (text === null) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return false;
  return !/<\s*(!doctype|html|script|svg|iframe|body|head|\?xml)/i.test(text);
}
