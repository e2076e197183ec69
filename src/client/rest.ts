import { hc } from "hono/client";
import type { App } from "../app";

export interface RestClientOptions {
  /** A bearer token, or a function giving the current one (tokens expire). */
  token?: string | (() => string | undefined);
  fetch?: typeof fetch;
}

/**
 * A typed REST client for front ends, built from the app's own route types (Hono RPC): paths,
 * parameters, bodies and answers are checked by the compiler against the server.
 *
 *   const api = createRestClient("https://chat.example.com", { token });
 *   const res = await api.sessions[":session_id"].messages.$post({
 *     param: { session_id }, query: {}, json: { content: "Hello" },
 *   });
 */
export function createRestClient(baseUrl: string, options: RestClientOptions = {}) {
  const { token } = options;
  return hc<App>(baseUrl, {
    fetch: options.fetch,
    headers: (): Record<string, string> => {
      const value = typeof token === "function" ? token() : token;
      return value ? { Authorization: `Bearer ${value}` } : {};
    },
  });
}

export type RestClient = ReturnType<typeof createRestClient>;
