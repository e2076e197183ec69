import { useEffect, useState } from "hono/jsx/dom";

/**
 * Reconnects `live` at once when the network or the tab comes back, and lets its sockets go when the
 * network is gone (instead of waiting for them to time out).
 */
export function useReconnect(live: { wake(): void; drop(): void }): void {
  useEffect(() => {
    const wake = () => document.visibilityState === "visible" && live.wake();
    const drop = () => live.drop();
    addEventListener("online", wake);
    addEventListener("offline", drop);
    document.addEventListener("visibilitychange", wake);
    return () => {
      removeEventListener("online", wake);
      removeEventListener("offline", drop);
      document.removeEventListener("visibilitychange", wake);
    };
  }, [live]);
}

/** Now, as a number that changes every second (waiting times and countdowns tick). */
export function clock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "2 min", "45 s", "3 h": how long from `from` to `to`. */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400)
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export const sinceText = (at: string, now: number) => durationText(now - Date.parse(at));
export const untilText = (at: string, now: number) => durationText(Date.parse(at) - now);
