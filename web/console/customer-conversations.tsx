import { useEffect, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { READ_TIMEOUT_MS } from "./contact";
import { type CustomerSessions, outcomeOf, readCustomerSessions } from "./customer-sessions";
import type { Row } from "./desk";
import { sinceText } from "./hooks";
import { excerpt } from "./names";

/**
 * The open conversation as its transcript has it now (its last words: the newest message someone
 * wrote): its line follows it, not the list's read.
 */
export type OpenConversation = Pick<
  Row,
  "status" | "outcome" | "escalated" | "rating" | "last_message"
>;

interface Props {
  api: RestClient;
  customerId: string;
  /** The open conversation: marked in the list. */
  current: string;
  /** Read again when it changes (the open conversation resolved, reopened…). */
  currentStatus: string;
  conversation: OpenConversation;
  now: number;
  onOpen: (sessionId: string) => void;
}

/**
 * The customer's conversations the agent may see, newest first: what became of each (outcome,
 * escalated) and its rating, as the session list says, and its last words (not the system's "The
 * chat was resolved", which the outcome says); the open one marked, the others open on click.
 */
export function CustomerConversations(props: Props) {
  const { api, customerId, current, now } = props;
  const [read, setRead] = useState<CustomerSessions>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setRead((shown) => (shown.kind === "shown" ? shown : { kind: "loading" }));
    const signal = AbortSignal.timeout(READ_TIMEOUT_MS);
    void readCustomerSessions(api, customerId, signal).then((next) => live && setRead(next));
    return () => {
      live = false;
    };
  }, [customerId, props.currentStatus, attempt]);

  if (read.kind === "loading") return <p role="status">Reading their conversations…</p>;
  if (read.kind === "failed") {
    return (
      <p class="problem" role="alert">
        Their conversations could not be read. {read.reason}{" "}
        <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
          Retry
        </button>
      </p>
    );
  }
  const { sessions, more } = read;
  return (
    <section class="contact-sessions" aria-label="Conversations">
      <h3>
        Conversations ({sessions.length}
        {more ? "+" : ""})
      </h3>
      <ul>
        {sessions.map((listed) => {
          const here = listed.id === current;
          const s = here
            ? {
                ...listed,
                ...props.conversation,
                last_message: props.conversation.last_message ?? listed.last_message,
              }
            : listed;
          const outcome = outcomeOf(s);
          const body = (
            <>
              <span class={`status ${s.status} outcome-${outcome}`}>{outcome}</span>{" "}
              {s.escalated && (
                <>
                  <span class="escalated">escalated</span>{" "}
                </>
              )}
              {here && <strong>this conversation · </strong>}
              {s.last_message && (
                <>
                  “<bdi>{excerpt(s.last_message.content, 80)}</bdi>” ·{" "}
                </>
              )}
              <span class="when">started {sinceText(s.created_at, now)} ago</span>
              {s.rating && <span class="when"> · rated {s.rating.score} of 5</span>}
            </>
          );
          return (
            <li class={here ? "current" : undefined} aria-current={here ? "true" : undefined}>
              {here ? (
                <div class="session-item">{body}</div>
              ) : (
                <button type="button" class="session-item" onClick={() => props.onOpen(s.id)}>
                  {body}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {more && <p class="muted">Only the newest {sessions.length} are listed.</p>}
    </section>
  );
}
