// Config is parsed once and validated; a bad value refuses requests with a problem naming it.
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { ConfigError } from "../src/domain/errors";
import worker from "../src/index";
import { env } from "./helpers";

function configError(vars: Record<string, unknown>): ConfigError {
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads the vars of wrangler.toml", () => {
    expect(parseConfig(env)).toEqual({
      defaultMessage: "Hello, how may I help you?",
      maxMessageLength: 4000,
      maxBodyBytes: 32768,
      defaultPageSize: 100,
      maxPageSize: 500,
      corsOrigins: ["*"],
      logLevel: "info",
    });
  });

  it("splits CORS_ORIGINS on commas", () => {
    const config = parseConfig({
      ...env,
      CORS_ORIGINS: "https://a.example.com, https://b.example.com",
    });
    expect(config.corsOrigins).toEqual(["https://a.example.com", "https://b.example.com"]);
  });

  it.each([
    ["MAX_MESSAGE_LENGTH", "abc"],
    ["MAX_MESSAGE_LENGTH", "0"],
    ["MAX_BODY_BYTES", "-5"],
    ["DEFAULT_PAGE_SIZE", "1.5"],
    ["MAX_PAGE_SIZE", ""],
    ["LOG_LEVEL", "verbose"],
    ["DEFAULT_MESSAGE", "   "],
    ["DEFAULT_MESSAGE", undefined],
    ["CORS_ORIGINS", "not a url"],
  ])("refuses %s = %j, naming it", (name, value) => {
    const error = configError({ ...env, [name]: value });
    expect(error.errors.map((e) => e.path)).toContain(name);
    expect(error.message).toContain(name);
  });

  it("refuses a default page size above the maximum", () => {
    const error = configError({ ...env, DEFAULT_PAGE_SIZE: "600", MAX_PAGE_SIZE: "500" });
    expect(error.errors).toEqual([
      { path: "DEFAULT_PAGE_SIZE", message: "must not exceed MAX_PAGE_SIZE (500)" },
    ]);
  });

  it("refuses a body limit too small for a message of the maximum length", () => {
    const error = configError({ ...env, MAX_MESSAGE_LENGTH: "10000", MAX_BODY_BYTES: "32768" });
    expect(error.errors.map((e) => e.path)).toEqual(["MAX_BODY_BYTES"]);
  });
});

describe("a Worker with a bad variable", () => {
  it("refuses every request with a 503 problem that names the variable", async () => {
    const badEnv = { ...env, MAX_PAGE_SIZE: "lots" };
    for (const path of ["/health", "/sessions"]) {
      const response = await worker.fetch(
        new Request(`http://chat.test${path}`, { method: path === "/sessions" ? "POST" : "GET" }),
        badEnv,
        createExecutionContext(),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("x-request-id")).toBeTruthy();
      const problem = await response.json<{
        type: string;
        detail: string;
        errors: { path: string }[];
      }>();
      expect(problem.type).toBe("/problems/invalid-configuration");
      expect(problem.detail).toContain("MAX_PAGE_SIZE");
      expect(problem.errors.map((e) => e.path)).toEqual(["MAX_PAGE_SIZE"]);
    }
  });
});
