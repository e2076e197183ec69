import type { AfterAnswer } from "../core/ports";
import { currentScope } from "./request-scope";

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
