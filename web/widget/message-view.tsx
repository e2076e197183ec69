import type { WireMessage } from "../../src/client/live";
import { Attachments, type AttachmentWords } from "../shared/attachments";
import type { LinkCache } from "../shared/file-links";
import { PendingFiles } from "../shared/file-picking";
import type { PendingFile } from "../shared/file-queue";
import { t, timeOfDay } from "./i18n";
import { FILE_WORDS } from "./refusals";
import { authorOf } from "./transcript";

// One message of the conversation. Its text is a paragraph of its own direction (dir="auto": an
// Arabic message reads right to left), names are isolated, and everything is text, never HTML.

const ATTACHMENT_WORDS: AttachmentWords = {
  size: FILE_WORDS.size,
  open: t.openFile,
  download: t.downloadFile,
};

export function Message({
  message,
  sessionId,
  links,
  onOpenArticle,
}: {
  message: WireMessage;
  sessionId: string;
  links: LinkCache;
  onOpenArticle: (id: string) => void;
}) {
  const time = timeOfDay(message.timestamp);
  return (
    <li class={`message ${message.author_type}`}>
      <span class="author">
        <bdi>{authorOf(message)}</bdi>
      </span>
      {message.content && <p dir="auto">{message.content}</p>}
      {message.attachments?.length ? (
        <Attachments
          sessionId={sessionId}
          files={message.attachments}
          links={links}
          words={ATTACHMENT_WORDS}
        />
      ) : null}
      {message.sources?.length ? (
        <p class="sources">
          {t.readMore} <ArticleButtons articles={message.sources} onOpen={onOpenArticle} />
        </p>
      ) : null}
      {message.suggestions?.length ? (
        <p class="sources">
          <ArticleButtons articles={message.suggestions} onOpen={onOpenArticle} />
        </p>
      ) : null}
      <span class="meta">
        <time dateTime={message.timestamp}>{time}</time>
      </span>
    </li>
  );
}

/** The bot's reply as it is being written: replaced by the stored message when that arrives. */
export function DraftMessage({ text }: { text: string }) {
  return (
    <li class="message bot draft" aria-busy="true">
      <span class="author">
        <bdi>{t.assistant}</bdi>
      </span>
      <p dir="auto">
        {text}
        <span class="caret" aria-hidden="true" />
      </p>
      <span class="meta">{t.writing}</span>
    </li>
  );
}

/** Articles a bot reply answered from or offers, each opened in the widget. */
function ArticleButtons({
  articles,
  onOpen,
}: {
  articles: { id: string; title: string }[];
  onOpen: (id: string) => void;
}) {
  return (
    <>
      {articles.map((article) => (
        <>
          {" "}
          <button type="button" class="source" onClick={() => onOpen(article.id)}>
            <bdi>{article.title}</bdi>
          </button>
        </>
      ))}
    </>
  );
}

/** What the customer wrote that the service has not stored yet (with its files, uploading). */
export function PendingMessage({
  content,
  refused = false,
  files = [],
  error = null,
}: {
  content: string;
  refused?: boolean;
  files?: PendingFile[];
  error?: string | null;
}) {
  const failed = refused || error !== null;
  return (
    <li class={`message customer pending${failed ? " refused" : ""}`}>
      <span class="author">{t.you}</span>
      {content.trim() && <p dir="auto">{content}</p>}
      <PendingFiles files={files} words={FILE_WORDS} />
      <span class="meta">{error ? t.notSentBecause(error) : refused ? t.notSent : t.sending}</span>
    </li>
  );
}
