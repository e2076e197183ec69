import { z } from "zod";
import { ConfigError } from "./domain/errors";

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const configSchema = z
  .object({
    DEFAULT_MESSAGE: z.string().trim().min(1),
    MAX_MESSAGE_LENGTH: positiveInt(100_000),
    MAX_BODY_BYTES: positiveInt(10_000_000),
    DEFAULT_PAGE_SIZE: positiveInt(1_000),
    MAX_PAGE_SIZE: positiveInt(1_000),
    CORS_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })]))),
    LOG_LEVEL: z.enum(LOG_LEVELS),
  })
  .superRefine((vars, ctx) => {
    if (vars.DEFAULT_PAGE_SIZE > vars.MAX_PAGE_SIZE) {
      ctx.addIssue({
        code: "custom",
        path: ["DEFAULT_PAGE_SIZE"],
        message: `must not exceed MAX_PAGE_SIZE (${vars.MAX_PAGE_SIZE})`,
      });
    }
    // A message of the maximum length (up to 4 bytes a character in UTF-8) must fit in a body.
    if (vars.MAX_BODY_BYTES < vars.MAX_MESSAGE_LENGTH * 4 + 1024) {
      ctx.addIssue({
        code: "custom",
        path: ["MAX_BODY_BYTES"],
        message: `must be at least MAX_MESSAGE_LENGTH * 4 + 1024 (${vars.MAX_MESSAGE_LENGTH * 4 + 1024})`,
      });
    }
  });

export interface Config {
  defaultMessage: string;
  maxMessageLength: number;
  maxBodyBytes: number;
  defaultPageSize: number;
  maxPageSize: number;
  corsOrigins: string[];
  logLevel: LogLevel;
}

/** Parses the Worker's vars once; a bad value throws a ConfigError that names the variable. */
export function parseConfig(vars: object): Config {
  const result = configSchema.safeParse(vars);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(({ path: [name, ...rest], message }) => ({
        path: String(name),
        message: rest.length ? `${message} (at ${rest.join(".")})` : message,
      })),
    );
  }
  const v = result.data;
  return {
    defaultMessage: v.DEFAULT_MESSAGE,
    maxMessageLength: v.MAX_MESSAGE_LENGTH,
    maxBodyBytes: v.MAX_BODY_BYTES,
    defaultPageSize: v.DEFAULT_PAGE_SIZE,
    maxPageSize: v.MAX_PAGE_SIZE,
    corsOrigins: v.CORS_ORIGINS,
    logLevel: v.LOG_LEVEL,
  };
}
