import { HANDOFF_REASONS } from "../../src/core/handoff";
import type { ConversationState, Session } from "./conversation";
import type { Team } from "./desk";
import { sinceText } from "./hooks";
import { teamName } from "./names";

interface Props {
  session: Session;
  state: ConversationState;
  teams: Record<string, Team>;
  now: number;
  form: "escalate" | "transfer" | null;
  onForm: (form: "escalate" | "transfer" | null) => void;
  onTake: () => void;
  onResolve: () => void;
  onBack: () => void;
  /** The customer's panel, a toggle below desktop widths (beside the conversation above them). */
  contactOpen: boolean;
  contactToggle: { current: HTMLButtonElement | null };
  onContact: () => void;
}

/**
 * Who the conversation is with and where it stands, and what the agent may do with it. Every piece of user text is isolated (<bdi>): a name or reason that ends in
 * a right-to-left override cannot reverse the words after it.
 */
export function ConversationHeader(props: Props) {
  const { session, state, teams, now, form, onForm } = props;
  const customerHere = state.present.some((p) => p.role === "customer");
  const toggle = (next: "escalate" | "transfer") => onForm(form === next ? null : next);
  return (
    <header>
      <div>
        <button type="button" class="secondary back" onClick={props.onBack}>
          Back to the list
        </button>
        <h2>
          <bdi>{session.customer?.name ?? "Visitor"}</bdi>
        </h2>
        <p class="meta">
          <span class={`status ${session.status}`}>{session.status}</span>
          {session.assignee && (
            <>
              {" · with "}
              <bdi>{session.assignee.name ?? session.assignee.id}</bdi>
            </>
          )}
          {session.team_id && (
            <>
              {" · "}
              <bdi>{teamName(teams, session.team_id)}</bdi>
            </>
          )}
          {session.priority ? ` · ${session.priority} priority` : ""}
          {session.escalated && (
            <>
              {" · escalated: "}
              <bdi class="reason" title={session.escalation_reason ?? undefined}>
                {session.escalation_reason ?? ""}
              </bdi>
            </>
          )}
          {" · "}
          <span class="when">started {sinceText(session.created_at, now)} ago</span>
          {` · customer ${customerHere ? "here now" : "not connected"}`}
        </p>
        {session.handoff_reason && (
          <p class="handoff">
            Handed over by the assistant: {HANDOFF_REASONS[session.handoff_reason].agents}. Its
            summary is the internal note below.
          </p>
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          class="secondary contact-toggle"
          ref={props.contactToggle}
          aria-expanded={String(props.contactOpen)}
          aria-controls="contact-panel"
          onClick={props.onContact}
        >
          Customer
        </button>
        {["bot", "open"].includes(session.status) && (
          <button type="button" onClick={props.onTake}>
            Take (t)
          </button>
        )}
        {session.status !== "resolved" && (
          <>
            <button
              type="button"
              class="secondary"
              aria-expanded={String(form === "transfer")}
              onClick={() => toggle("transfer")}
            >
              Transfer
            </button>
            {!session.escalated && (
              <button
                type="button"
                class="secondary"
                aria-expanded={String(form === "escalate")}
                onClick={() => toggle("escalate")}
              >
                Escalate
              </button>
            )}
            <button type="button" onClick={props.onResolve}>
              Resolve (r)
            </button>
          </>
        )}
      </div>
    </header>
  );
}
