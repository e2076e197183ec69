import { useEffect, useRef } from "hono/jsx/dom";
import type { Conversation } from "./chat-state";
import { dateTime, t } from "./i18n";

const STATUS_NAMES: Record<string, string> = {
  bot: t.statusBot,
  open: t.statusOpen,
  assigned: t.statusAssigned,
  resolved: t.statusResolved,
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
    <section class="article conversations" aria-label={t.yourConversations}>
      <button type="button" class="back" onClick={onBack}>
        <span aria-hidden="true" class="arrow">
          ←{" "}
        </span>
        {t.backToChat}
      </button>
      <h2 ref={heading} tabIndex={-1}>
        {t.yourConversations}
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
                {c.lastMessage ?? t.noMessagesYet}
              </span>
              <span class="about">
                {STATUS_NAMES[c.status] ?? c.status}
                {c.updatedAt && ` · ${dateTime(c.updatedAt)}`}
                {c.sessionId === current && ` · ${t.openHere}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="retry" onClick={onNew}>
        {t.startNewConversation}
      </button>
    </section>
  );
}
