import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Actor } from "../auth/actor";
import { NotFoundError, ValidationError } from "../errors";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    actor: Actor;
    /** Establishes `actor` from the request's token (src/platform/auth/middleware.ts). */
    authenticate: MiddlewareHandler<AppEnv>;
  };
}

/**
 * Every router validates the same way: a path parameter that does not match (say, an id that is not
 * a UUID) names no resource, so 404; anything else invalid is a 400 listing each problem.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      if (result.target === "param") throw new NotFoundError("No resource at this path.");
      throw new ValidationError(
        `The request ${result.target === "json" ? "body" : result.target} is not valid.`,
        result.error.issues.map((issue) => ({
          path: [result.target === "json" ? "body" : result.target, ...issue.path].join("."),
          message: issue.message,
        })),
      );
    },
  });
}
