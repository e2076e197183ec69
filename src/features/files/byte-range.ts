import { RangeNotSatisfiableError } from "../../platform/errors";
import type { ByteRange } from "./file-store";

/**
 * One byte range from a Range header (`bytes=0-99`, `bytes=100-`, `bytes=-100`); null for none, for
 * several ranges, or for one that is not well-formed (`bytes=5-2`: RFC 9110 has it ignored), all
 * answered with the whole file. A range outside the file is refused (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (!first && !last) return null;
  if (first && last && Number(last) < Number(first)) return null;
  let start: number;
  let end: number;
  if (!first) {
    start = Math.max(0, size - Number(last));
    end = size - 1;
  } else {
    start = Number(first);
    end = last ? Math.min(Number(last), size - 1) : size - 1;
  }
  if (start >= size || end < start || (!first && Number(last) === 0)) {
    throw new RangeNotSatisfiableError(`The file has ${size} bytes.`, size);
  }
  return { offset: start, length: end - start + 1 };
}
