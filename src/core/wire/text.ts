import { z } from "@hono/zod-openapi";
import { UNSEEN_ORDER } from "../../platform/unseen-order";
import { VISIBLE } from "./visible";

/**
 * Text as the API accepts it anywhere (messages, reasons, comments, names, ids): well-formed
 * Unicode (a lone UTF-16 surrogate is refused, never stored altered), at most `max` characters
 * counted as JSON Schema counts them (code points), and, where `notBlank`, something other than
 * white space (the document says so with a pattern).
 */
export function text(
  max: number,
  {
    min = 0,
    notBlank = false,
    pattern = notBlank
      ? ([VISIBLE, "must contain something other than white space"] as const)
      : undefined,
  }: { min?: number; notBlank?: boolean; pattern?: readonly [RegExp, string] } = {},
) {
  const base = z.string();
  const schema = (pattern ? base.regex(...pattern) : base)
    .refine((value) => value.isWellFormed(), "must be well-formed Unicode (no lone surrogates)")
    // Length issues, as JSON Schema's minLength and maxLength state them (not custom refinements).
    .superRefine((value, ctx) => {
      const length = countCharacters(value);
      const bound = { origin: "string", inclusive: true, input: value } as const;
      if (length < min) {
        ctx.addIssue({
          ...bound,
          code: "too_small",
          minimum: min,
          message: `must be at least ${min} characters`,
        });
      }
      if (length > max) {
        ctx.addIssue({
          ...bound,
          code: "too_big",
          maximum: max,
          message: `must be at most ${max} characters`,
        });
      }
    });
  return schema.openapi({
    maxLength: max,
    ...((min > 0 || notBlank) && { minLength: Math.max(min, 1) }),
  });
}

/** Any character but a control character or a mark or override that reorders text around it. */
const NAMING = `[^${UNSEEN_ORDER}]`;
/**
 * An agent's id: one character that shows at least, none that does not name (in the document too).
 * The lookahead keeps it linear: `N*VN*` tried every split of a long value that fails at its end.
 */
const AGENT_ID = new RegExp(`^(?=[\\s\\S]*${VISIBLE.source})${NAMING}+$`);

/**
 * An agent's id (a token's subject) or the name a request gives them: text that names someone, so
 * something that shows and nothing that reorders what is around it (a NUL, a right-to-left override
 * that would turn "Bob joined" around in the customer's transcript).
 */
export const naming = (max: number) =>
  text(max, {
    pattern: [AGENT_ID, "must show something, with no control characters or direction marks"],
  });

/** Characters as JSON Schema counts them (code points), not UTF-16 units. */
export function countCharacters(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * A string matching `pattern`, documented by the pattern's source alone: the generator would write a
 * flag into the JSON Schema pattern (`...$/u`), which then refuses every value.
 */
export function matching(pattern: RegExp, message: string) {
  return z.string().regex(pattern, message).openapi({ pattern: pattern.source });
}
