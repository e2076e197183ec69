import { useEffect, useRef } from "hono/jsx/dom";
import type { Conversation } from "./chat-state";

const STATUS_NAMES: Record<string, string> = {
  bot: "With the assistant",
  open: "Waiting for a person",
  assigned: "With a person",
  resolved: "Resolved",
};

/**
 * A signed-in customer's conversations, from any device, newest first: one opens in the chat, or a
 * new one starts. Their text is shown as text, each in its own direction.
 */
export function ConversationsView({
  conversations,
  current,
  onOpen,
  onNew,
  onBack,
}: {
  conversations: Conversation[];
  current: string | null;
  onOpen: (sessionId: string) => void;
  onNew: () => void;
  onBack: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="article conversations" aria-label="Your conversations">
      <button type="button" class="back" onClick={onBack}>
        <span aria-hidden="true">← </span>Back to the chat
      </button>
      <h2 ref={heading} tabIndex={-1}>
        Your conversations
      </h2>
      <ul>
        {conversations.map((c) => (
          <li>
            <button
              type="button"
              aria-current={c.sessionId === current ? "true" : undefined}
              onClick={() => onOpen(c.sessionId)}
            >
              <span class="preview" dir="auto">
                {c.lastMessage ?? "No messages yet"}
              </span>
              <span class="about">
                {STATUS_NAMES[c.status] ?? c.status}
                {c.updatedAt && ` · ${when(c.updatedAt)}`}
                {c.sessionId === current && " · open here"}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="retry" onClick={onNew}>
        Start a new conversation
      </button>
    </section>
  );
}

const when = (at: string) =>
  new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
