import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  ConfigError,
  ContentTooLargeError,
  DomainError,
  RangeNotSatisfiableError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "../errors";
import type { Logger } from "../logger";
import { problemResponse } from "./problem";

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  413: "Content Too Large",
  415: "Unsupported Media Type",
};

/** The one place where an error becomes an HTTP answer: problem JSON, never a stack trace. */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof DomainError) {
      if (error.status >= 500) {
        logger.error(error.type, { request_id: c.get("requestId"), cause: describe(error.cause) });
      }
      return domainProblem(error);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Raised by Hono itself: malformed JSON (400), unsupported media type (415), body too large (413).
      return problemResponse({
        title: STATUS_TITLES[error.status] ?? "Bad Request",
        status: error.status,
        detail: error.message,
      });
    }
    logger.error("unhandled error", {
      request_id: c.get("requestId"),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return problemResponse({
      title: "Internal Server Error",
      status: 500,
      detail: "The service failed to answer this request; it has been logged.",
    });
  };
}

/** A domain error as problem JSON, with the headers its kind calls for. */
export function domainProblem(error: DomainError, headers: Record<string, string> = {}): Response {
  return problemResponse(
    {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...((error instanceof ValidationError || error instanceof ConfigError) && {
        errors: error.errors,
      }),
      ...(error instanceof ContentTooLargeError &&
        error.maxBytes !== undefined && { max_bytes: error.maxBytes }),
    },
    { ...headersFor(error), ...headers },
  );
}

/** A WebSocket endpoint's answer to a request that is not an upgrade (426); none to one that is. */
export function refuseUnlessUpgrade(request: Request): Response | undefined {
  if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") return undefined;
  return problemResponse(
    { title: "Upgrade Required", status: 426, detail: "This endpoint speaks WebSocket only." },
    { Upgrade: "websocket" },
  );
}

function headersFor(error: DomainError): Record<string, string> {
  if (error instanceof RangeNotSatisfiableError)
    return { "Content-Range": `bytes */${error.size}` };
  if (error instanceof UnauthorizedError) {
    const challenge = error.tokenRejected
      ? `Bearer realm="support-chat", error="invalid_token", error_description="${error.message.replaceAll('"', "'")}"`
      : 'Bearer realm="support-chat"';
    return { "WWW-Authenticate": challenge };
  }
  if (error instanceof RateLimitedError) return { "Retry-After": String(error.retryAfterSeconds) };
  // A configuration is fixed by a deploy, not by retrying in a second.
  if (error instanceof ConfigError) return { "Retry-After": "60" };
  if (error.status === 503) return { "Retry-After": "1" };
  return {};
}

/** An error and its causes, one message each, for the log. */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error && messages.length < 5; e = e.cause) {
    messages.push(e.message);
  }
  return messages.join(" <- ") || String(error);
}

export const notFoundHandler: NotFoundHandler = (c) =>
  problemResponse({
    title: "Not Found",
    status: 404,
    detail: `No resource at ${c.req.method} ${c.req.path}.`,
  });

export function methodNotAllowedResponse(method: string, allowed: string[]): Response {
  return problemResponse(
    {
      title: "Method Not Allowed",
      status: 405,
      detail: `${method} is not allowed here; use ${allowed.join(", ")}.`,
    },
    { Allow: allowed.join(", ") },
  );
}
