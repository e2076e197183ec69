import { z } from "@hono/zod-openapi";

export const EXAMPLE_TIME = "2026-11-24T22:25:35.123Z";
const HOUR_MINUTE = "([01]\\d|2[0-3]):[0-5]\\d";

/** A moment the service answers with: RFC 3339 in UTC with milliseconds. */
export const timestamp = z.iso.datetime({ precision: 3 }).openapi({ example: EXAMPLE_TIME });

/**
 * A moment a client sends: RFC 3339 with seconds, any fraction, Z or an offset with a colon. The
 * pattern says what `date-time` alone leaves open (it also allows "+0200", a lower-case "t", a space,
 * a leap second), which zod refuses.
 */
export const instant = z.iso.datetime({ offset: true }).openapi({
  pattern: `^\\d{4}-\\d{2}-\\d{2}T${HOUR_MINUTE}:[0-5]\\d(\\.\\d+)?(Z|[+-]${HOUR_MINUTE})$`,
  example: EXAMPLE_TIME,
});

/**
 * A period [from, to) a client asks about is refused when `to` is not after `from` (a swapped pair
 * would otherwise answer an empty period as if it were one); a bound left out leaves it open.
 */
export const periodInOrder: [
  (query: { from?: string; to?: string }) => boolean,
  { message: string; path: string[] },
] = [
  (query) => !query.from || !query.to || Date.parse(query.to) > Date.parse(query.from),
  { message: "must be after from", path: ["to"] },
];
