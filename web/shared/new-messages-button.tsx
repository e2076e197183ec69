import type { FollowLog } from "./follow-log";

/** The hint over a log whose reader is reading older items: how many came since, and a way down. */
export function NewMessagesButton({ follow }: { follow: FollowLog<HTMLElement> }) {
  if (!follow.unseen) return null;
  const down = () => {
    follow.toBottom();
    // The button goes away: keep the keyboard in the log it points to.
    follow.ref.current?.focus();
  };
  return (
    <button type="button" class="new-messages" onClick={down}>
      {follow.unseen === 1 ? "1 new message" : `${follow.unseen} new messages`}
      <span aria-hidden="true"> ↓</span>
    </button>
  );
}
