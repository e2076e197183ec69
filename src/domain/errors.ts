/** Errors a service throws; one handler (src/http/errors.ts) turns each into problem JSON. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = "/problems/not-found";
  readonly title = "Not Found";
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

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = "/problems/conflict";
  readonly title = "Conflict";
}

export class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = "/problems/database-unavailable";
  readonly title = "Service Unavailable";
}

export class ConfigError extends DomainError {
  readonly status = 503;
  readonly type = "/problems/invalid-configuration";
  readonly title = "Service Unavailable";
  constructor(readonly errors: FieldError[]) {
    super(`Invalid configuration: ${errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
  }
}
