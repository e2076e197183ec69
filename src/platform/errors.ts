/** Errors a service throws; one handler (src/platform/http/error-handler.ts) turns each into problem JSON. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = "Not Found";
  constructor(
    message: string,
    readonly type = "/problems/not-found",
  ) {
    super(message);
  }
}

/** The answer for a session that does not exist, or that the caller may not know of. */
export function sessionNotFound(sessionId: string) {
  return new NotFoundError(`Chat session ${sessionId} does not exist.`);
}

export interface FieldError {
  path: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type = "/problems/validation-error";
  readonly title = "Bad Request";
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** No usable credentials: answered with `WWW-Authenticate: Bearer`. */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = "/problems/unauthorized";
  readonly title = "Unauthorized";
  constructor(
    message: string,
    /** False when no token was sent at all (RFC 6750: no error code then). */
    readonly tokenRejected = true,
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = "/problems/forbidden";
  readonly title = "Forbidden";
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly type = "/problems/rate-limited";
  readonly title = "Too Many Requests";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = "Conflict";
  constructor(
    message: string,
    readonly type = "/problems/conflict",
  ) {
    super(message);
  }
}

/** Not the caller's fault, and not for long: 503, with Retry-After. */
export abstract class UnavailableError extends DomainError {
  readonly status = 503;
  readonly title = "Service Unavailable";
}

export class DatabaseUnavailableError extends UnavailableError {
  readonly type = "/problems/database-unavailable";
}

export class IdentityProviderUnavailableError extends UnavailableError {
  readonly type = "/problems/identity-provider-unavailable";
}

export class ConfigError extends UnavailableError {
  readonly type = "/problems/invalid-configuration";
  constructor(readonly errors: FieldError[]) {
    super(`Invalid configuration: ${errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
  }
}

/** No Content-Length where the length must be known before the body streams in. */
export class LengthRequiredError extends DomainError {
  readonly status = 411;
  readonly type = "/problems/length-required";
  readonly title = "Length Required";
}

/**
 * More bytes than a limit allows (a file, or what a session or a customer may hold); `maxBytes`: the
 * most this one body may have, when that is the limit it passed (the problem's `max_bytes`).
 */
export class ContentTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = "Content Too Large";
  constructor(
    message: string,
    readonly maxBytes?: number,
    readonly type = "/problems/too-large",
  ) {
    super(message);
  }
}

/** A file that fits, but not in what its session, or its customer today, may still hold. */
export function fileQuotaReached(message: string) {
  return new ContentTooLargeError(message, undefined, "/problems/file-quota");
}

/** A body whose type is not one the service takes (decided from its bytes). */
export class UnsupportedTypeError extends DomainError {
  readonly status = 415;
  readonly type = "/problems/unsupported-type";
  readonly title = "Unsupported Media Type";
}

/** A byte range outside the file. */
export class RangeNotSatisfiableError extends DomainError {
  readonly status = 416;
  readonly type = "/problems/range-not-satisfiable";
  readonly title = "Range Not Satisfiable";
  constructor(
    message: string,
    readonly size: number,
  ) {
    super(message);
  }
}
