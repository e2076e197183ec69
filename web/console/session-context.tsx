import type { Session } from "./conversation";
import { sinceText, untilText } from "./hooks";
import { LabelChips } from "./label-chips";
import type { LabelRef } from "./labels";

/**
 * This conversation beside the chat: the page the customer wrote from (as text, a link only for
 * http(s), opened without referrer or opener), its labels, and where it stands with its service level.
 */
export function SessionContext({
  session,
  labels,
  now,
}: {
  session: Session;
  labels: LabelRef[];
  now: number;
}) {
  const page = session.page_url ?? null;
  const web = page !== null && /^https?:\/\//i.test(page);
  const due = session.due_at && session.status !== "resolved" ? Date.parse(session.due_at) : null;
  return (
    <section class="session-context" aria-label="This conversation">
      <h3>This conversation</h3>
      <dl>
        <dt>Page</dt>
        <dd class="page">
          {page === null ? (
            <span class="muted">not known</span>
          ) : web ? (
            <a href={page} target="_blank" rel="noopener noreferrer">
              <bdi>{page}</bdi>
            </a>
          ) : (
            <bdi>{page}</bdi>
          )}
        </dd>
        <dt>Labels</dt>
        <dd>{labels.length ? <LabelChips labels={labels} /> : <span class="muted">none</span>}</dd>
        <dt>Service level</dt>
        <dd class={due !== null && due < now ? "sla late" : "sla"}>{slaText(session, due, now)}</dd>
      </dl>
    </section>
  );
}

function slaText(session: Session, due: number | null, now: number): string {
  const what = session.due_kind === "next_response" ? "Reply" : "First reply";
  const breached = session.sla_breached_at
    ? ` · missed ${sinceText(session.sla_breached_at, now)} ago`
    : "";
  if (due === null) return session.sla_breached_at ? `Missed${breached}` : "No target now";
  const when =
    due < now
      ? `${what} overdue by ${sinceText(session.due_at ?? "", now)}`
      : `${what} due in ${untilText(session.due_at ?? "", now)}`;
  return `${when}${breached}`;
}
