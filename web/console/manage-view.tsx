import type { Child } from "hono/jsx";
import { useRef, useState } from "hono/jsx/dom";
import { Unread } from "./unread";

// A desk's list of things (saved replies, webhook endpoints) beside the chosen one or the form for a
// new one; on a phone, one or the other. Announcements go to a polite status line, problems to an alert.

type Opened = string | "new" | null;

/** The state every manage view keeps: which item is open, what was said, what went wrong. */
export function useManaged() {
  const [open, setOpen] = useState<Opened>(null);
  const [said, setSaid] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  return {
    open,
    setOpen,
    said,
    problem,
    setProblem,
    heading,
    // Emptied first, so that the same words said again are announced again.
    tell(words: string) {
      setProblem(null);
      setSaid("");
      requestAnimationFrame(() => setSaid(words));
    },
    close() {
      setOpen(null);
      heading.current?.focus();
    },
  };
}

interface ManageViewProps<T> {
  managed: ReturnType<typeof useManaged>;
  /** The view's class, and its heading's id prefix. */
  name: string;
  title: string;
  listLabel: string;
  newLabel: string;
  empty: string;
  list: { value: T[] | null; unread: string | null; reload: () => void };
  row: (item: T) => Child;
  /** The chosen item's detail, the new one's form, or a hint. */
  children: Child;
}

export function ManageView<T>(props: ManageViewProps<T>) {
  const { managed, name } = props;
  const { value: items, unread, reload } = props.list;
  return (
    <div class={`manage ${name}`}>
      <p role="status" class={managed.said ? "said" : "said empty"}>
        {managed.said}
      </p>
      {managed.problem && (
        <p class="notice" role="alert">
          {managed.problem}
        </p>
      )}
      <div class={`manage-panes${managed.open ? " reading" : ""}`}>
        <section class="manage-list" aria-labelledby={`${name}-heading`}>
          <div class="manage-list-top">
            <h2 id={`${name}-heading`} ref={managed.heading} tabIndex={-1}>
              {props.title}
            </h2>
            <button
              type="button"
              onClick={() => managed.setOpen("new")}
              aria-expanded={managed.open === "new"}
            >
              {props.newLabel}
            </button>
          </div>
          <Unread problem={unread} reload={reload} />
          {!items ? (
            !unread && <p class="empty">Loading…</p>
          ) : items.length === 0 ? (
            <p class="empty">{props.empty}</p>
          ) : (
            <ul aria-label={props.listLabel}>
              {items.map((item) => (
                <li>{props.row(item)}</li>
              ))}
            </ul>
          )}
        </section>
        {props.children}
      </div>
    </div>
  );
}
