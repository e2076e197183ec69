import { useEffect } from "hono/jsx/dom";
import type { Row, Team, View } from "./desk";
import { sinceText, untilText } from "./hooks";
import { LabelChips } from "./label-chips";
import { teamName } from "./names";

interface Props {
  view: View;
  rows: Row[];
  teams: Record<string, Team>;
  cursor: number;
  openId: string | null;
  now: number;
  onOpen: (index: number, id: string) => void;
  /** The list is pointed at (true) or no longer (false): see `steadyOrder`. */
  onHold: (held: boolean) => void;
}

const LABELS: Record<View, string> = {
  waiting: "Waiting sessions",
  mine: "My sessions",
  all: "All sessions",
};

/** How long after a touch ends its tap's click may come (the list re-sorts only after it). */
const TAP_CLICK_MS = 400;
const releaseAfterTap = (onHold: (held: boolean) => void) =>
  setTimeout(() => onHold(false), TAP_CLICK_MS);

/** One of the queue's lists: who, status, unread, a preview, how long, what is due. */
export function QueueList({ view, rows, teams, cursor, openId, now, onOpen, onHold }: Props) {
  // Gone from the page (another view) with the pointer on it: it heard no pointerleave.
  useEffect(() => () => onHold(false), []);
  return (
    <section
      class="queue"
      aria-label={LABELS[view]}
      // A mouse holds the order while it is over the list (moving: also after a tab switch); a
      // finger from its touch until its tap's click has landed on the row it touched.
      onPointerMove={(e: PointerEvent) => e.pointerType === "mouse" && onHold(true)}
      onPointerLeave={(e: PointerEvent) => e.pointerType === "mouse" && onHold(false)}
      onPointerDown={(e: PointerEvent) => e.pointerType !== "mouse" && onHold(true)}
      onPointerUp={(e: PointerEvent) => e.pointerType !== "mouse" && releaseAfterTap(onHold)}
      onPointerCancel={(e: PointerEvent) => e.pointerType !== "mouse" && releaseAfterTap(onHold)}
    >
      {rows.length === 0 && <p class="empty">Nothing here right now.</p>}
      <ul>
        {rows.map((row, index) => (
          <li key={row.id}>
            <button
              type="button"
              class={`row${index === cursor ? " selected" : ""}${row.id === openId ? " open" : ""}`}
              aria-current={row.id === openId ? "true" : undefined}
              onClick={() => onOpen(index, row.id)}
            >
              <span class="who">
                <bdi>{row.customer?.name ?? "Visitor"}</bdi>
              </span>
              <span class={`status ${row.status}`}>{row.status}</span>
              {row.unread > 0 ? (
                <span class="unread">
                  {row.unread}
                  <span class="visually-hidden"> unread</span>
                </span>
              ) : (
                <span />
              )}
              <LabelChips labels={row.labels} />
              <span class="preview">
                <bdi>{row.last_message?.content ?? ""}</bdi>
              </span>
              <span class="meta">
                {row.priority && row.priority !== "normal" ? `${row.priority} · ` : ""}
                {row.escalated ? "escalated · " : ""}
                {row.team_id && (
                  <>
                    <bdi>{teamName(teams, row.team_id)}</bdi>
                    {" · "}
                  </>
                )}
                {row.status === "open"
                  ? `waiting ${sinceText(row.handoff_at ?? row.created_at, now)}`
                  : `active ${sinceText(row.updated_at, now)} ago`}
              </span>
              {row.due_at && row.status !== "resolved" && (
                <span class={`due${Date.parse(row.due_at) < now ? " late" : ""}`}>
                  {dueText(row.due_at, row.due_kind ?? null, now)}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The rows in the order they were shown, fresh ones after them: while the agent points at the
 * list it does not reorder under the pointer (a conversation's new message moves it to the top of
 * "All"), so a click opens the conversation aimed at. The list sorts again when the pointer leaves.
 */
export function steadyOrder(rows: Row[], shown: readonly string[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const kept = shown.flatMap((id) => byId.get(id) ?? []);
  const known = new Set(shown);
  return [...kept, ...rows.filter((row) => !known.has(row.id))];
}

function dueText(dueAt: string, kind: string | null, now: number): string {
  const what = kind === "next_response" ? "Reply" : "First reply";
  return Date.parse(dueAt) < now
    ? `${what} overdue by ${sinceText(dueAt, now)}`
    : `${what} due in ${untilText(dueAt, now)}`;
}
