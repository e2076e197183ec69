// widget.js: the one script a site adds,
//   <script src="https://chat.example.com/widget.js" data-team="billing" async></script>
// It puts a launcher button on the page (in a shadow root: the page's CSS cannot restyle it)
// and the chat in an iframe from the service's origin (the page cannot reach into it, nor it out).
// The two talk by postMessage, each checking the other's origin. Kept tiny and cached briefly, so a
// deploy reaches every site quickly; the chat itself has hashed, long-cached files.
// data-storage="host" lets the chat keep its session in this page's storage where the browser
// refuses the frame storage of its own (then this site's scripts can read the conversation).
// A site with signed-in users tells the chat who they are with an identity its server signed:
// data-identity-token="...", or SupportChat.identify(token) (null when they sign out), callable once
// the "support-chat:ready" event has fired on the document. It reaches the frame by postMessage,
// never in a URL.
// The chat speaks the language of data-lang (or data-locale), else the page's <html lang>, else the
// browser's.
import { chooseLanguage, LAUNCHER } from "./i18n/languages";
import { pageAddress } from "./page-address";

declare global {
  interface Window {
    SupportChat?: { identify(token: string | null): void };
  }
}

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script || document.querySelector("[data-support-chat]")) return;
  const base = new URL(script.src).origin;
  const hostStorage = script.dataset.storage === "host";
  const lang = script.dataset.lang || script.dataset.locale || document.documentElement.lang || "";
  // The language the frame will choose (i18n/index.ts), so the button is named in it from the start.
  const words =
    LAUNCHER[chooseLanguage([lang, ...(navigator.languages ?? [navigator.language])]).base];
  const query = new URLSearchParams({
    team: script.dataset.team ?? "",
    page: pageAddress(location.href) ?? "",
    host: location.origin,
    lang,
    ...(hostStorage && { storage: "host" }),
  });

  const host = document.createElement("div");
  host.setAttribute("data-support-chat", "");
  const root = host.attachShadow({ mode: "open" });
  // A constructed style sheet, not a <style> element: a host page whose CSP forbids inline styles
  // still shows the launcher.
  const style = `
    :host { all: initial; }
    button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; width: 60px; height: 60px;
      border: 0; border-radius: 50%; background: #1d4ed8; color: #fff; display: grid; place-items: center;
      cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / .3); }
    button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 3px; }
    .badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
      border-radius: 11px; background: #b91c1c; color: #fff; font: 700 13px/22px system-ui, sans-serif; }
    iframe { position: fixed; right: 20px; bottom: 92px; z-index: 2147483647; width: min(380px, calc(100vw - 40px));
      height: min(560px, calc(100vh - 120px)); border: 0; border-radius: 12px; background: #fff;
      box-shadow: 0 8px 30px rgb(0 0 0 / .3); }
    /* A phone (or a short window): the chat takes the screen above the launcher, which closes it. */
    @media (max-width: 480px), (max-height: 480px) {
      iframe { top: 0; right: 0; width: 100%; height: calc(100vh - 92px); height: calc(100dvh - 92px);
        border-radius: 0 0 12px 12px; }
    }
    [hidden] { display: none; }
  `;
  root.innerHTML = `<button type="button" aria-expanded="false"><svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><span class="badge" hidden></span></button>
  <iframe hidden></iframe>`;
  if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(style);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.prepend(Object.assign(document.createElement("style"), { textContent: style }));
  }

  const button = root.querySelector("button") as HTMLButtonElement;
  const badge = root.querySelector(".badge") as HTMLElement;
  const frame = root.querySelector("iframe") as HTMLIFrameElement;
  frame.title = words.frame;
  frame.src = `${base}/widget/?${query}`;

  let open = false;
  let unread = 0;
  /** Whether the frame listens yet; until then what it must know is told when it does. */
  let ready = false;
  let identity: string | null | undefined = script.dataset.identityToken || undefined;
  // An email's link to its conversation (#support-chat-open=...): taken out of the address at once,
  // handed to the frame, and the chat opened.
  const opened = /(?:^#|&)support-chat-open=([0-9a-f]{36}\.[0-9a-f]{16})/i.exec(location.hash)?.[1];
  if (opened) history.replaceState(history.state, "", location.pathname + location.search);
  const post = (
    type: "open" | "close" | "saved" | "identity" | "open-link",
    value?: string | null,
  ) => frame.contentWindow?.postMessage({ source: "support-chat", type, value }, base);
  const key = `support-chat:${base}:${script.dataset.team ?? ""}`;
  const storage = <T>(use: (s: Storage) => T): T | null => {
    try {
      return use(localStorage);
    } catch {
      return null;
    }
  };
  let labels = { open: words.open, close: words.close, unread: words.unread };
  const label = () =>
    button.setAttribute(
      "aria-label",
      open ? labels.close : unread ? labels.unread.replace("{count}", String(unread)) : labels.open,
    );
  const toggle = (next: boolean) => {
    open = next;
    frame.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    label();
    post(open ? "open" : "close");
    if (open) frame.focus();
    else button.focus();
  };
  label();
  button.addEventListener("click", () => toggle(!open));
  addEventListener("message", (event) => {
    if (event.origin !== base || event.source !== frame.contentWindow) return;
    const data = event.data as {
      source?: string;
      type?: string;
      count?: number;
      value?: string;
      labels?: Partial<typeof labels & { frame: string }>;
    };
    if (data?.source !== "support-chat") return;
    if (data.type === "labels") {
      const said = data.labels ?? {};
      const text = (value: unknown, fallback: string) =>
        typeof value === "string" && value ? value : fallback;
      labels = {
        open: text(said.open, labels.open),
        close: text(said.close, labels.close),
        unread: text(said.unread, labels.unread),
      };
      frame.title = text(said.frame, frame.title);
      label();
    }
    // The frame says when it listens: it may have missed a click made while it was loading.
    if (data.type === "ready") {
      ready = true;
      post(open ? "open" : "close");
      if (identity !== undefined) post("identity", identity);
      if (opened) {
        post("open-link", opened);
        if (!open) toggle(true);
      }
    }
    if (data.type === "close") toggle(false);
    if (data.type === "unread") {
      unread = Number(data.count) || 0;
      badge.hidden = unread === 0;
      badge.textContent = String(unread);
      label();
    }
    // The frame keeps its session here, if the site allows, when the browser refuses it storage.
    if (!hostStorage) return;
    if (data.type === "load")
      post(
        "saved",
        storage((s) => s.getItem(key)),
      );
    if (data.type === "save" && typeof data.value === "string") {
      const { value } = data;
      storage((s) => s.setItem(key, value));
    }
    if (data.type === "forget") storage((s) => s.removeItem(key));
  });
  document.body.appendChild(host);
  window.SupportChat = {
    identify(token) {
      identity = typeof token === "string" && token ? token : null;
      if (ready) post("identity", identity);
    },
  };
  document.dispatchEvent(new Event("support-chat:ready"));
})();
