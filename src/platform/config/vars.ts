import { z } from "zod";

// How a variable is read, shared by every part of the one config schema (config.ts, ai.ts).

/** A whole number from 1 to `max`. */
export const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

/** "true" or "false". */
export const flag = z.enum(["true", "false"]).transform((value) => value === "true");

/** An empty var is an unset one (wrangler.toml cannot delete a var per environment). */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** A comma-separated list, each entry trimmed (empty entries dropped) and checked by `item`. */
export const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** "kid:secret,kid:secret": the first key signs, every key verifies (rotation). */
export const signingKeys = list(
  z
    .string()
    .regex(/^[\w.-]+:.{32,}$/, "must be kid:secret pairs, each secret at least 32 characters"),
).transform((pairs) =>
  pairs.map((pair) => {
    const at = pair.indexOf(":");
    return { kid: pair.slice(0, at), secret: pair.slice(at + 1) };
  }),
);
