import type { HostLink } from "./host-link";

// Where the widget keeps the customer's session and token across page loads: the frame's own
// storage (partitioned by the site it is embedded on, so no other site's frame and no script of the
// host page can read it). A browser that refuses a third-party frame any storage (incognito, strict
// tracking protection) gets a chat for the page's life, in memory; unless the site opted in
// (data-storage="host") to keep it in the host page's storage through the loader, where every
// script of that site can read the token and so the whole conversation.

export interface Saved {
  sessionId: string;
  token: string;
  expiresAt: string;
  /** The signed-in user the session is theirs (absent: an anonymous visitor's). */
  customerId?: string;
}

export interface SessionStore {
  readonly where: "frame" | "host" | "memory";
  load(): Saved | null;
  save(saved: Saved): void;
  forget(): void;
}

/** How long to wait for the loader's answer before keeping the session in memory only. */
const HOST_TIMEOUT_MS = 1500;

/** The best store this browser allows; `host`: the loader's, when the site opted in to it. */
export async function openStore(key: string, host: HostLink | null): Promise<SessionStore> {
  const own = frameStore(key);
  if (own || !host) return own ?? memoryStore();
  const value = await new Promise<string | null | undefined>((resolve) => {
    const timer = setTimeout(() => done(undefined), HOST_TIMEOUT_MS);
    const stop = host.listen((message) => {
      if (message.type === "saved") done(typeof message.value === "string" ? message.value : null);
    });
    const done = (answer: string | null | undefined) => {
      clearTimeout(timer);
      stop();
      resolve(answer);
    };
    host.tell({ type: "load" });
  });
  if (value === undefined) return memoryStore();
  let saved = parse(value);
  return {
    where: "host",
    load: () => saved,
    save: (next) => {
      saved = next;
      host.tell({ type: "save", value: JSON.stringify(next) });
    },
    forget: () => {
      saved = null;
      host.tell({ type: "forget" });
    },
  };
}

function frameStore(key: string): SessionStore | null {
  try {
    localStorage.setItem(`${key}:probe`, "1");
    localStorage.removeItem(`${key}:probe`);
  } catch {
    return null;
  }
  return {
    where: "frame",
    load: () => parse(localStorage.getItem(key)),
    save: (saved) => localStorage.setItem(key, JSON.stringify(saved)),
    forget: () => localStorage.removeItem(key),
  };
}

function memoryStore(): SessionStore {
  let saved: Saved | null = null;
  return {
    where: "memory",
    load: () => saved,
    save: (next) => {
      saved = next;
    },
    forget: () => {
      saved = null;
    },
  };
}

function parse(value: string | null): Saved | null {
  try {
    const saved = JSON.parse(value ?? "null");
    return typeof saved?.sessionId === "string" && typeof saved?.token === "string" ? saved : null;
  } catch {
    return null;
  }
}
