import { useRef, useState } from "hono/jsx/dom";
import { showsSomething } from "../../src/core/wire/visible";
import { AttachButton, PendingFiles, pastedFiles } from "../shared/file-picking";
import type { Chat } from "./chat";
import type { ChatState } from "./chat-state";
import { count, t } from "./i18n";
import { FILE_WORDS } from "./refusals";

/** The longest message the composer takes (the service's default MAX_MESSAGE_LENGTH). */
export const MAX_MESSAGE = 4000;

// Where the customer writes: the text, the files picked (each with its progress, or why it cannot be
// sent), attaching by the button or by pasting a picture, and sending.

export function Composer({
  chat,
  state,
  input,
  onSent,
}: {
  chat: Chat;
  state: ChatState;
  input: { current: HTMLTextAreaElement | null };
  onSent: () => void;
}) {
  const lastTyping = useRef(0);
  // Said when the text reaches the limit (a long paste is cut there without a word otherwise).
  const [atLimit, setAtLimit] = useState(false);
  const send = (event: Event) => {
    event.preventDefault();
    const typed = input.current?.value ?? "";
    // Only invisible characters (zero-width spaces, joiners) are as good as nothing.
    const text = showsSomething(typed) ? typed : "";
    if (!text && !chat.files.hasFiles) return;
    chat.send(text);
    onSent();
    if (input.current) input.current.value = "";
    setAtLimit(false);
  };
  const typed = () => {
    setAtLimit((input.current?.value.length ?? 0) >= MAX_MESSAGE);
    const now = Date.now();
    if (now - lastTyping.current > 2000) {
      lastTyping.current = now;
      chat.typing();
    }
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) send(event);
  };
  const pasted = (event: ClipboardEvent) => {
    const files = pastedFiles(event);
    if (files.length) chat.attach(files);
  };

  return (
    <form onSubmit={send}>
      <PendingFiles
        files={state.files}
        onRemove={(key) => chat.files.queue.remove(key)}
        words={FILE_WORDS}
      />
      <label for="message">{t.yourMessage}</label>
      <textarea
        id="message"
        ref={input}
        rows={2}
        maxLength={MAX_MESSAGE}
        aria-describedby={atLimit ? "message-limit" : undefined}
        onKeyDown={keys}
        onInput={typed}
        onPaste={pasted}
      />
      {atLimit && (
        <p id="message-limit" class="composer-note" role="status">
          {t.messageAtLimit(count(MAX_MESSAGE))}
        </p>
      )}
      <div class="actions">
        <AttachButton
          onFiles={(files) => chat.attach(files)}
          words={{ label: t.attach, hint: t.attachHint }}
        />
        <span class="spacer" />
        {state.status === "bot" && (
          <button type="button" class="secondary" onClick={() => void chat.talkToPerson()}>
            {t.talkToPerson}
          </button>
        )}
        <button type="submit">{t.send}</button>
      </div>
    </form>
  );
}
