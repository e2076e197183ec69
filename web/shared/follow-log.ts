import { useCallback, useLayoutEffect, useRef, useState } from "hono/jsx/dom";

/** Within this many pixels of the end the reader is at the bottom (rounding, a last margin). */
const AT_END_PX = 24;

export interface FollowLog<T extends HTMLElement> {
  /** For the scrolling element; its children are what grows. */
  ref: { current: T | null };
  /** Items added since the reader scrolled up from the bottom (0 while following). */
  unseen: number;
  /** Back to the newest item, following again. */
  toBottom(): void;
}

/**
 * Keeps a scrolling log at its newest item while the reader is at the bottom, and keeps their
 * place while they read older ones (counting what arrives meanwhile, for a "new messages" hint).
 * A log that gets its size late (a frame shown, a window resized, a banner above it) lands at the
 * bottom then.
 * `count`: how many items the log holds; a change means items came or went. `shown`: whether the
 * log element is rendered yet (one that appears later is watched from then on).
 */
export function useFollowLog<T extends HTMLElement>(count: number, shown = true): FollowLog<T> {
  const ref = useRef<T>(null);
  const following = useRef(true);
  /** The count when the reader left the bottom (kept current while following). */
  const seen = useRef(count);
  const latest = useRef(count);
  latest.current = count;
  const observer = useRef<ResizeObserver | null>(null);
  const [unseen, setUnseen] = useState(0);

  const stick = useCallback(() => {
    const log = ref.current;
    if (log && following.current) log.scrollTop = log.scrollHeight;
  }, []);

  const toBottom = useCallback(() => {
    following.current = true;
    seen.current = latest.current;
    setUnseen(0);
    stick();
  }, []);

  useLayoutEffect(() => {
    const log = ref.current;
    if (!log) return;
    const onScroll = () => {
      if (!log.clientHeight) return; // hidden: no layout, no place to keep
      following.current = log.scrollHeight - log.scrollTop - log.clientHeight <= AT_END_PX;
      if (following.current) {
        seen.current = latest.current;
        setUnseen(0);
      }
    };
    const resized = new ResizeObserver(stick);
    resized.observe(log);
    for (const child of log.children) resized.observe(child);
    observer.current = resized;
    log.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      resized.disconnect();
      log.removeEventListener("scroll", onScroll);
    };
  }, [shown]);

  useLayoutEffect(() => {
    // Items may have been replaced: watch every child's size (observing one twice is a no-op).
    for (const child of ref.current?.children ?? []) observer.current?.observe(child);
    if (following.current) {
      seen.current = count;
      stick();
    } else setUnseen(Math.max(0, count - seen.current));
  }, [count]);

  return { ref, unseen, toBottom };
}
