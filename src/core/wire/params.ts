import { z } from "@hono/zod-openapi";

// Path and query parameters as the API reads them: text from a URL, documented as what it means.

/**
 * An integer in a query string, read as the document's `integer` reads it: text that is a number
 * (never an empty value, never null), within `min` and `max`.
 */
export function queryInt(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z.int().min(min).max(max),
  );
}

/** A UUID in a body, in any case, read in lower case (as ids are stored and paths read). */
export const anyCaseUuid = () => z.uuid().transform((id) => id.toLowerCase());

/** A UUID in a path, in any case, read in lower case. */
export function uuidParam(name: string, description: string) {
  return z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)
    .transform((id) => id.toLowerCase())
    .openapi({ param: { name, in: "path" }, description });
}
