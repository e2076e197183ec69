import { env, exports } from "cloudflare:workers";

export const BASE = "http://chat.test";

/** A request through the real Worker entry point (its default export), as a client would send it. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postJson(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

export async function createSession(): Promise<{ id: string; [key: string]: unknown }> {
  const response = await call("/sessions", { method: "POST" });
  if (response.status !== 201) throw new Error(`create session: ${response.status}`);
  return response.json();
}

export { env };
