import type { MiddlewareHandler } from "hono";
import { afterAnswer } from "../after-answer";
import type { Logger } from "../logger";
import { startMeter } from "../meter";
import type { AppEnv } from "./router";

/**
 * One structured line per request, once the answer and the work after it (fan-out) are done: with
 * what the request cost (D1 round trips, rows read and written, Durable Object requests).
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  if (!logger.enabled("info")) return (_, next) => next();
  return async (c, next) => {
    const started = performance.now();
    const meter = startMeter();
    await next();
    const line = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Math.round(performance.now() - started),
      request_id: c.get("requestId"),
    };
    // Last in the request's after-answer queue: the fan-out it started has been counted by then.
    await afterAnswer(async () =>
      logger.info("request", {
        ...line,
        d1_round_trips: meter.d1RoundTrips,
        d1_rows_read: meter.d1RowsRead,
        d1_rows_written: meter.d1RowsWritten,
        d1_size_after: meter.d1SizeAfter,
        do_requests: meter.doRequests,
        ...(meter.r2ClassA && { r2_class_a: meter.r2ClassA }),
        ...(meter.r2ClassB && { r2_class_b: meter.r2ClassB }),
      }),
    );
  };
}
