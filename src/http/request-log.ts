import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger";
import type { AppEnv } from "./router";

/** One structured line per request, after the answer is known. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  if (!logger.enabled("info")) return (_, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Math.round(performance.now() - started),
      request_id: c.get("requestId"),
    });
  };
}
