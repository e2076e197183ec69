import { z } from "@hono/zod-openapi";
import { ValidationError } from "../../platform/errors";
import type { AttributeDeclaration, AttributeValue } from "./contact-repository";
import type { AttributeType } from "./tables";

// Declared attributes: what a value of each type is, for a site's signed identity and agents alike.

const VALUE_CHECKS: Record<AttributeType, z.ZodType> = {
  string: z.string().max(1_000),
  number: z.number().refine(Number.isFinite),
  boolean: z.boolean(),
  date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
};

/** What a site signed, kept where declared and of the declared type; the rest is dropped. */
export function signedAttributes(
  signed: Record<string, AttributeValue>,
  declared: AttributeDeclaration[],
): Record<string, AttributeValue> {
  const types = new Map(declared.map((d) => [d.key, d.type]));
  return Object.fromEntries(
    Object.entries(signed).filter(([key, value]) => {
      const type = types.get(key);
      return type !== undefined && VALUE_CHECKS[type].safeParse(value).success;
    }),
  );
}

export function checkAttributes(
  attributes: Record<string, AttributeValue | null>,
  declared: AttributeDeclaration[],
) {
  const types = new Map(declared.map((d) => [d.key, d.type]));
  const errors = Object.entries(attributes).flatMap(([key, value]) => {
    const type = types.get(key);
    const path = `attributes.${key}`;
    if (!type) return [{ path, message: "is not a declared attribute" }];
    if (value !== null && !VALUE_CHECKS[type].safeParse(value).success) {
      return [{ path, message: `must be a ${type}` }];
    }
    return [];
  });
  if (errors.length)
    throw new ValidationError("Some attributes are not declared or not of their type.", errors);
}
