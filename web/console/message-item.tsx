import type { WireMessage } from "../../src/client/live";
import { Attachments } from "../shared/attachments";
import type { LinkCache } from "../shared/file-links";

/**
 * The greeting: seq 1, a service agent's without an author, the configured text every session starts
 * with (the service's own line, as search and the lists' previews take it).
 */
export const isGreeting = (message: Pick<WireMessage, "seq" | "author_type" | "author_name">) =>
  message.seq === 1 && message.author_type === "service_agent" && !message.author_name;

/**
 * One message of the transcript. The greeting (the first message, written by the service for no
 * one in particular) is the service's own line, like its system messages; names and text from
 * people are isolated so they cannot reorder the console's words around them.
 */
export function MessageItem({
  message,
  customerName,
  emailed = false,
  sessionId,
  links,
}: {
  message: WireMessage;
  customerName: string | null;
  sessionId: string;
  /** Links to the files messages carry. */
  links: LinkCache;
  /** It reached the customer by email (they had not seen it in the chat). */
  emailed?: boolean;
}) {
  const internal = message.visibility === "internal";
  const greeting = isGreeting(message);
  const author = greeting
    ? "Automatic greeting"
    : message.author_type === "customer"
      ? (customerName ?? "Customer")
      : message.author_type === "system"
        ? "System"
        : (message.author_name ?? (message.author_type === "bot" ? "Assistant" : "Agent"));
  const kind = greeting ? "greeting" : message.author_type;
  return (
    <li class={`message ${kind}${internal ? " internal" : ""}`}>
      <span class="author">
        <bdi>{author}</bdi>
        {internal && <strong class="tag"> · Internal note</strong>}
        {emailed && <span class="tag emailed"> · Emailed to the customer</span>}
      </span>
      {message.content && <p dir="auto">{message.content}</p>}
      {message.attachments?.length ? (
        <Attachments
          sessionId={sessionId}
          files={message.attachments}
          links={links}
          internal={internal}
        />
      ) : null}
      {message.sources?.length ? (
        <p class="sources">
          Sources:{" "}
          {message.sources.map((source, index) => (
            <>
              {index > 0 && "; "}
              <bdi>{source.title}</bdi>
            </>
          ))}
        </p>
      ) : null}
      <time class="meta" dateTime={message.timestamp}>
        {new Date(message.timestamp).toLocaleTimeString()}
      </time>
    </li>
  );
}
