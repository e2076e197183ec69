import type { Context } from "hono";

/**
 * Sets a header on an answer that is already made, in place: Hono's `c.header` copies the whole
 * answer (body and every header) into a new Response first. An answer whose headers cannot change
 * (one passed through from a fetch) is copied as `c.header` would.
 */
export function setAnswerHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
