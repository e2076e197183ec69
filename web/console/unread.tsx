import { useEffect, useState } from "hono/jsx/dom";
import type { Outcome } from "./problem";

// What a view reads: read when shown, again every so often if it says, and when the line comes back;
// a failed read says why with a way to try again, and what was read before stays.

/**
 * `read`'s value (null until one succeeds) and why the last read failed (null once one succeeds).
 * `read` must be the same function from render to render (useMemo) until what it reads changes.
 */
export function useRead<T>(read: () => Promise<Outcome<T>>, every?: number) {
  const [value, setValue] = useState<T | null>(null);
  const [unread, setUnread] = useState<string | null>(null);
  const reload = async () => {
    const outcome = await read();
    if ("value" in outcome) setValue(outcome.value);
    setUnread("problem" in outcome ? outcome.problem : null);
  };
  useEffect(() => {
    void reload();
    const timer = every ? setInterval(reload, every) : undefined;
    const online = () => void reload();
    addEventListener("online", online);
    return () => {
      clearInterval(timer);
      removeEventListener("online", online);
    };
  }, [read]);
  return { value, setValue, unread, reload: () => void reload() };
}

/** Why a read failed, and a button to read again; nothing when it did not fail. */
export function Unread({ problem, reload }: { problem: string | null; reload: () => void }) {
  if (!problem) return null;
  return (
    <p class="notice" role="alert">
      {problem}{" "}
      <button type="button" class="link" onClick={reload}>
        Try again
      </button>
    </p>
  );
}
