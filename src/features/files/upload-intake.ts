import type { FileType } from "../../platform/config/files";
import {
  ContentTooLargeError,
  LengthRequiredError,
  UnsupportedTypeError,
  ValidationError,
} from "../../platform/errors";
import type { FileStore } from "./file-store";
import { metadataScrubber } from "./scrub";
import { sniff } from "./sniff";
import { counter, peek } from "./uploads";

// Taking an upload in: its declared length checked, its bytes typed, counted, blanked and stored.

/** A file as it streams in: its name as given, its body, and the length its sender declared. */
export interface Upload {
  name: string;
  body: ReadableStream<Uint8Array> | null;
  length: number | null;
}

export function declaredLength(upload: Upload, max: number): number {
  if (upload.length === null) {
    throw new LengthRequiredError("Send the file's length as Content-Length.");
  }
  if (upload.length === 0 || !upload.body) {
    throw new ValidationError("The file is empty.", [{ path: "body", message: "is empty" }]);
  }
  if (upload.length > max) {
    throw new ContentTooLargeError(`A file may have at most ${max} bytes.`, max);
  }
  return upload.length;
}

/**
 * Streams a body to the store under `key`: typed by its first bytes (refused unless one of
 * `types`), counted (never more than `length`, the declared length, which was checked against
 * the limit), metadata blanked. Answers the type.
 */
export async function storeUpload(
  store: FileStore,
  body: ReadableStream<Uint8Array> | null,
  length: number,
  types: readonly FileType[],
  key: string,
): Promise<FileType> {
  if (!body)
    throw new ValidationError("The file is empty.", [{ path: "body", message: "is empty" }]);
  const { head, ended, whole } = await peek(body);
  const type = sniff(head, ended);
  if (!type || !types.includes(type)) {
    await whole.cancel().catch(() => {});
    throw new UnsupportedTypeError(
      `This file's content is not one of the types allowed here (${types.join(", ")}), whatever its name says.`,
    );
  }
  const { stream: counting, counted } = counter(length);
  let piped = whole.pipeThrough(counting);
  const scrubber = metadataScrubber(type);
  if (scrubber) piped = piped.pipeThrough(scrubber);
  try {
    await store.put(key, piped, length, type);
  } catch (error) {
    await store.delete([key]).catch(() => {});
    if (counted.over) {
      throw new ContentTooLargeError(
        `The file has more bytes than its Content-Length (${length}) said.`,
      );
    }
    if (counted.bytes < length) {
      throw new ValidationError(
        `The file ended after ${counted.bytes} of the ${length} bytes its Content-Length said.`,
        [{ path: "body", message: "is shorter than Content-Length" }],
      );
    }
    throw error;
  }
  return type;
}
