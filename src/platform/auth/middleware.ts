import type { Context, MiddlewareHandler } from "hono";
import { RateLimitedError, UnauthorizedError } from "../errors";
import type { AppEnv } from "../http/router";
import type { RateLimiter } from "../rate-limiter";
import type { TokenVerifier } from "./token-verifier";

const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]*)$/i;

/**
 * Establishes the caller (`c.var.actor`) from the bearer token. Without a token the caller is
 * anonymous, or unrestricted where AUTH_REQUIRED is false; what each may do is decided by the
 * services, from the permission table in src/core/access.ts.
 */
export function authenticate(
  verifier: TokenVerifier,
  required: boolean,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    if (header === undefined) {
      const address = clientIp(c);
      c.set("actor", required ? { kind: "anonymous", address } : { kind: "unrestricted", address });
    } else {
      const token = BEARER.exec(header.trim())?.[1];
      if (!token) throw new UnauthorizedError("The Authorization header must be: Bearer <JWT>.");
      c.set("actor", await verifier.verify(token));
    }
    await next();
  };
}

/**
 * Every route that reads a token runs this (src/platform/http/define-route.ts derives it from the
 * route's declared access), so no path can be left without its caller.
 */
export const establishCaller: MiddlewareHandler<AppEnv> = (c, next) => c.var.authenticate(c, next);

/** For routes no anonymous caller may use: 401 before the request is even validated. */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.actor.kind === "anonymous") {
    throw new UnauthorizedError("A bearer token is required.", false);
  }
  await next();
};

/** A rate limit in front of a route; `key` picks whom the limit counts. */
export function rateLimit(
  limiter: RateLimiter,
  key: (c: Context<AppEnv>) => string,
  periodSeconds: number,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!(await limiter.allow(key(c)))) {
      throw new RateLimitedError("Too many requests; slow down.", periodSeconds);
    }
    await next();
  };
}

/** The client's address as Cloudflare saw it (the header cannot be forged through Cloudflare). */
export const clientIp = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "unknown";
