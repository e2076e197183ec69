import { guard } from "../../platform/db/statements";
import type { ArchiveStore } from "./archive-service";

/** The archive in an R2 bucket: one JSON object per session. */
export function r2Archive(bucket: R2Bucket): ArchiveStore {
  return {
    put: async (key, body) => {
      await guard(() =>
        bucket.put(key, body, { httpMetadata: { contentType: "application/json" } }),
      );
    },
    delete: async (keys) => {
      if (keys.length) await guard(() => bucket.delete(keys));
    },
    get: async (key) => {
      const object = await guard(() => bucket.get(key));
      return object ? object.text() : null;
    },
  };
}
