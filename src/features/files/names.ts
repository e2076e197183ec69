// A file's name as people gave it, made safe to show and to offer as a download's name: no path,
// no control or bidirectional-override characters (which can make "exe.pdf" read as "fdp.exe"), no
// characters file systems refuse; at most 200 characters, keeping the extension.

const MAX = 200;
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff<>:"/\\|?*]/g;

export function sanitizeName(name: string): string {
  const base = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = base.replace(UNSAFE, "").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  if (!cleaned) return "file";
  const chars = [...cleaned];
  if (chars.length <= MAX) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? [...cleaned.slice(dot)].slice(0, 16).join("") : "";
  return chars.slice(0, MAX - [...extension].length).join("") + extension;
}

/** A Content-Disposition header offering `name` (RFC 6266: an ASCII fallback and the UTF-8 name). */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
