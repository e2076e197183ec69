import { useRef, useState } from "hono/jsx/dom";
import type { Chat } from "./chat";
import { t } from "./i18n";

/** After resolution: how did we do (1-5 stars, a comment), or start a new chat. */
export function Rating({ chat, rated }: { chat: Chat; rated: boolean }) {
  const [score, setScore] = useState(0);
  const comment = useRef<HTMLTextAreaElement>(null);
  if (rated) {
    return (
      <div class="rating">
        <p>{t.rated}</p>
        <button type="button" onClick={() => chat.startNew()}>
          {t.startNew}
        </button>
      </div>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    if (score) void chat.rate(score, comment.current?.value ?? "");
  };
  return (
    <form class="rating" onSubmit={submit}>
      <fieldset>
        <legend>{t.howDidWeDo}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label class="star">
            <input type="radio" name="score" value={String(n)} onChange={() => setScore(n)} />
            {t.stars(n)}
          </label>
        ))}
      </fieldset>
      <label for="comment">{t.anythingToAdd}</label>
      <textarea id="comment" ref={comment} rows={2} maxLength={2000} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => chat.startNew()}>
          {t.startNew}
        </button>
        <button type="submit" disabled={!score}>
          {t.sendRating}
        </button>
      </div>
    </form>
  );
}
