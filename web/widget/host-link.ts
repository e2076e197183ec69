// The frame's only line to the host page: the loader (widget.js) in the parent window, at the
// origin the frame's address names. Messages go to that origin alone and are taken from it alone;
// without a valid origin the frame talks to nobody.

import type { LauncherWords } from "./i18n/languages";

export type ToHost =
  | { type: "ready" | "close" | "load" | "forget" }
  /** The launcher's words in the customer's language (`{count}` in `unread`). */
  | { type: "labels"; labels: LauncherWords }
  | { type: "unread"; count: number }
  | { type: "save"; value: string };

export interface FromHost {
  type?: unknown;
  value?: unknown;
}

export interface HostLink {
  tell(message: ToHost): void;
  /** Hears the loader's messages; answers a function that stops listening. */
  listen(hear: (message: FromHost) => void): () => void;
}

/** The link to `origin` (the `host` parameter), or one to nobody when it is not an origin. */
export function hostLink(origin: string | null): HostLink {
  if (!origin || !isOrigin(origin) || parent === window) {
    return { tell: () => {}, listen: () => () => {} };
  }
  return {
    tell: (message) => parent.postMessage({ source: "support-chat", ...message }, origin),
    listen: (hear) => {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== parent || event.origin !== origin) return;
        if (event.data?.source === "support-chat") hear(event.data);
      };
      addEventListener("message", onMessage);
      return () => removeEventListener("message", onMessage);
    },
  };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}
