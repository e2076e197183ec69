import { guard } from "../../platform/db/statements";
import { countR2 } from "../../platform/meter";

/** Where archived transcripts are kept: R2 in the Worker (below); a test may give its own. */
export interface ArchiveStore {
  put(key: string, body: string): Promise<void>;
  get(key: string): Promise<string | null>;
  delete(keys: string[]): Promise<void>;
}

/** The archive in an R2 bucket: one JSON object per session. */
export function r2Archive(bucket: R2Bucket): ArchiveStore {
  return {
    put: async (key, body) => {
      countR2("A");
      await guard(() =>
        bucket.put(key, body, { httpMetadata: { contentType: "application/json" } }),
      );
    },
    delete: async (keys) => {
      if (keys.length) await guard(() => bucket.delete(keys));
    },
    get: async (key) => {
      countR2("B");
      const object = await guard(() => bucket.get(key));
      return object ? object.text() : null;
    },
  };
}
