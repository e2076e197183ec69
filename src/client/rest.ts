import { hc } from "hono/client";
import type { App } from "../app";
import { BOOKMARK_HEADER } from "../platform/replicas/bookmark";

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
  // Read your own writes: every request carries the newest D1 bookmark an answer gave this client,
  // so a read served by a replica is never behind what this client already saw.
  let bookmark: string | null = null;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const tracked: typeof fetch = async (input, init) => {
    const response = await send(input, init);
    bookmark = response.headers.get(BOOKMARK_HEADER) ?? bookmark;
    return response;
  };
  return hc<App>(baseUrl, {
    fetch: tracked,
    headers: (): Record<string, string> => {
      const value = typeof token === "function" ? token() : token;
      return {
        ...(value && { Authorization: `Bearer ${value}` }),
        ...(bookmark && { [BOOKMARK_HEADER]: bookmark }),
      };
    },
  });
}

export type RestClient = ReturnType<typeof createRestClient>;
