import { AsyncLocalStorage } from "node:async_hooks";
import type { MiddlewareHandler } from "hono";

/**
 * What belongs to the request being answered, found from anywhere in its work (services and
 * repositories are shared by every request): its execution context and the tail of its after-answer
 * tasks (src/platform/after-answer.ts), its D1 session (src/platform/replicas/replicated-database.ts), and its meter
 * (src/platform/meter.ts). One AsyncLocalStorage scope per request, filled in by the middleware that owns
 * each part.
 */
export interface RequestScope {
  /** Absent under app.request() in tests: after-answer tasks then run at once. */
  ctx?: ExecutionContext;
  tail: Promise<void>;
  session?: D1DatabaseSession;
  meter?: Meter;
}

/** What one request costs (src/platform/meter.ts counts it). */
export interface Meter {
  d1RoundTrips: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  /** The database's size after the request's last query (bytes; D1's metadata). */
  d1SizeAfter: number | null;
  doRequests: number;
  /** R2 operations, as R2 bills them: class A (writes, lists), class B (reads). */
  r2ClassA: number;
  r2ClassB: number;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The current request's scope; none outside a request (Durable Objects, alarms, the cron). */
export const currentScope = (): RequestScope | undefined => scopes.getStore();

/** Runs `work` in the current scope, or in a scope of its own outside a request. */
export function inScope<T>(work: (scope: RequestScope) => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  if (scope) return work(scope);
  const own: RequestScope = { tail: Promise.resolve() };
  return scopes.run(own, () => work(own));
}

/** Opens the request's scope: the first middleware. */
export const requestScope: MiddlewareHandler = (c, next) => {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined; // app.request() in tests: no execution context
  }
  return scopes.run({ ctx, tail: Promise.resolve() }, next);
};
