import type { WireMessage } from "../../src/client/live";
import { authorOf } from "./transcript";

// One message of the conversation. Its text is a paragraph of its own direction (dir="auto": an
// Arabic message reads right to left), names are isolated, and everything is text, never HTML.

export function Message({
  message,
  onOpenArticle,
}: {
  message: WireMessage;
  onOpenArticle: (id: string) => void;
}) {
  const time = new Date(message.timestamp).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
  return (
    <li class={`message ${message.author_type}`}>
      <span class="author">
        <bdi>{authorOf(message)}</bdi>
      </span>
      <p dir="auto">{message.content}</p>
      {message.sources?.length ? (
        <p class="sources">
          Read more:
          {message.sources.map((source) => (
            <>
              {" "}
              <button type="button" class="source" onClick={() => onOpenArticle(source.id)}>
                <bdi>{source.title}</bdi>
              </button>
            </>
          ))}
        </p>
      ) : null}
      <span class="meta">
        <time dateTime={message.timestamp}>{time}</time>
      </span>
    </li>
  );
}

/** What the customer wrote that the service has not stored yet. */
export function PendingMessage({ content, refused }: { content: string; refused: boolean }) {
  return (
    <li class={`message customer pending${refused ? " refused" : ""}`}>
      <span class="author">You</span>
      <p dir="auto">{content}</p>
      <span class="meta">{refused ? "Not sent" : "Sending…"}</span>
    </li>
  );
}
