import { guard } from "../../platform/db/statements";
import { countR2 } from "../../platform/meter";

/** A byte range of a stored file, both ends included. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Where files' bytes are kept: an R2 bucket of their own (FILES); every operation is metered. */
export interface FileStore {
  /** Stores exactly `length` bytes from `body`; rejects if the stream errs or its length differs. */
  put(key: string, body: ReadableStream<Uint8Array>, length: number, type: string): Promise<void>;
  /** The object's bytes (a range of them); null when it is gone. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  delete(keys: string[]): Promise<void>;
  /** Every key under `prefix` (tests and erasure checks). */
  list(prefix: string): Promise<string[]>;
}

export function r2Files(bucket: R2Bucket): FileStore {
  return {
    put: async (key, body, length, type) => {
      countR2("A");
      // R2 takes a stream of a length known up front: FixedLengthStream errs if it is not that.
      // A failed pipe shows as the put's failure.
      const fixed = new FixedLengthStream(length);
      const piped = body.pipeTo(fixed.writable).catch(() => {});
      await bucket.put(key, fixed.readable, { httpMetadata: { contentType: type } });
      await piped;
    },
    get: async (key, range) => {
      countR2("B");
      const object = await guard(() => bucket.get(key, range ? { range } : undefined));
      return object?.body ?? null;
    },
    delete: async (keys) => {
      // Deletes are free in R2's pricing; a thousand keys a call at most.
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await guard(() => bucket.delete(batch));
      }
    },
    list: async (prefix) => {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        countR2("A");
        const page = await guard(() => bucket.list({ prefix, cursor }));
        keys.push(...page.objects.map((object) => object.key));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return keys;
    },
  };
}
