// Where the widget keeps the customer's session and token across page loads. Its own origin's
// storage first (partitioned by the site it is embedded on). Browsers that refuse a third-party
// frame any storage (incognito, strict tracking protection) get the host page's storage instead,
// through the loader (widget.js, which runs there): the token is one chat's customer token, which
// that page could ask for anyway. Without either, the chat lasts for the page load.

export interface Saved {
  sessionId: string;
  token: string;
  expiresAt: string;
}

export interface SessionStore {
  readonly where: "frame" | "host" | "memory";
  load(): Saved | null;
  save(saved: Saved): void;
  forget(): void;
}

/** How long to wait for the loader's answer before keeping the session in memory only. */
const HOST_TIMEOUT_MS = 1500;

export async function openStore(
  key: string,
  ask: (message: { type: "load" } | { type: "save"; value: string } | { type: "forget" }) => void,
): Promise<SessionStore> {
  const own = frameStore(key);
  if (own) return own;
  const value = await new Promise<string | null | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), HOST_TIMEOUT_MS);
    const onMessage = (event: MessageEvent) => {
      if (event.source !== parent || event.data?.source !== "support-chat") return;
      if (event.data.type !== "saved") return;
      clearTimeout(timer);
      removeEventListener("message", onMessage);
      resolve(typeof event.data.value === "string" ? event.data.value : null);
    };
    addEventListener("message", onMessage);
    ask({ type: "load" });
  });
  if (value === undefined) return memoryStore();
  let saved = parse(value);
  return {
    where: "host",
    load: () => saved,
    save: (next) => {
      saved = next;
      ask({ type: "save", value: JSON.stringify(next) });
    },
    forget: () => {
      saved = null;
      ask({ type: "forget" });
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
