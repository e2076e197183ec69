import { AsyncLocalStorage } from "node:async_hooks";
import type { MiddlewareHandler } from "hono";
import type { AfterAnswer } from "../services/ports";

/** Per request being answered: its execution context, and the tail of its after-answer tasks. */
interface Pending {
  ctx: ExecutionContext;
  tail: Promise<void>;
}

const current = new AsyncLocalStorage<Pending>();

/**
 * Work that need not hold up the answer (fan-out to live sockets and the queue) runs after it,
 * under the Worker's waitUntil, one task after the other in the order the request asked for them.
 * Services are shared by every request, so the request is found through AsyncLocalStorage.
 */
export const afterAnswer: AfterAnswer = async (task) => {
  const pending = current.getStore();
  if (!pending) return task();
  pending.tail = pending.tail.then(task, task);
  pending.ctx.waitUntil(pending.tail);
};

/** Runs the rest of the request where `afterAnswer` finds it (without a context: tasks run at once). */
export const answerFirst: MiddlewareHandler = (c, next) => {
  let ctx: ExecutionContext;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    return next(); // app.request() in tests: no execution context
  }
  return current.run({ ctx, tail: Promise.resolve() }, next);
};
