import { currentScope } from "./request-scope";

/**
 * Runs `task` after the answer to the request being served, if there is one (the Worker's
 * waitUntil, in order with the request's other such tasks); otherwise (a Durable Object, a test
 * app without an execution context) now.
 */
export type AfterAnswer = (task: () => Promise<void>) => Promise<void>;

/**
 * Work that need not hold up the answer (fan-out to live sockets and the queue) runs after it,
 * under the Worker's waitUntil, one task after the other in the order the request asked for them.
 * Services are shared by every request, so the request is found through its scope.
 */
export const afterAnswer: AfterAnswer = async (task) => {
  const scope = currentScope();
  if (!scope?.ctx) return task();
  scope.tail = scope.tail.then(task, task);
  scope.ctx.waitUntil(scope.tail);
};
