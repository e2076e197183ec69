// The benchmark's hand-written baseline (bench/baseline) must issue the service's own statements,
// or the comparison is not fair: its SQL is held against the service's, statement by statement.
import { describe, expect, it } from "vitest";
import { SQL } from "../bench/baseline/sql.js";
import { chatQueries } from "../src/core/db/chat-sql";
import type { CompiledQuery } from "../src/platform/db/statements";
import { env } from "./helpers";

/** Every statement of a (nested) record of them, by its path. */
function flatten(value: unknown, name = ""): [string, string][] {
  if (typeof value === "string") return [[name, value]];
  if (typeof value === "object" && value !== null && "sql" in value) {
    return [[name, (value as CompiledQuery).sql]];
  }
  return Object.entries(value as object).flatMap(([key, inner]) =>
    flatten(inner, name ? `${name}.${key}` : key),
  );
}

describe("the benchmark's baseline", () => {
  it("issues exactly the service's SQL for every statement it has", () => {
    const ours = Object.fromEntries(flatten(chatQueries(env.DB)));
    const baseline = flatten(SQL);
    expect(baseline.length).toBeGreaterThan(20);
    for (const [name, sql] of baseline) expect(sql, name).toBe(ours[name]);
  });
});
