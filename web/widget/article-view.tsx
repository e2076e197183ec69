import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { ArticleResult, Articles } from "./articles";
import { t } from "./i18n";

/**
 * A published article the assistant answered from, readable inside the widget, with a way back to
 * the chat. Its body is shown as text (never as HTML), a paragraph for each blank-line break.
 */
export function ArticleView({
  articles,
  id,
  onBack,
}: {
  articles: Articles;
  id: string;
  onBack: () => void;
}) {
  const [article, setArticle] = useState<ArticleResult | null>(null);
  const [attempt, setAttempt] = useState(0);
  const back = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setArticle(null);
    void articles.get(id).then((result) => current && setArticle(result));
    return () => {
      current = false;
    };
  }, [id, attempt]);
  // Focus follows the reader: to Back at once, to the title once there is one.
  useEffect(() => {
    (heading.current ?? back.current)?.focus();
  }, [article]);

  return (
    <section class="article" aria-label={t.article}>
      <button type="button" class="back" ref={back} onClick={onBack}>
        <span aria-hidden="true" class="arrow">
          ←{" "}
        </span>
        {t.backToChat}
      </button>
      {!article ? (
        <p role="status">{t.loadingArticle}</p>
      ) : "problem" in article ? (
        <div role="alert">
          {article.problem === "gone" ? (
            <p>{t.articleGone}</p>
          ) : (
            <>
              <p>{t.articleFailed}</p>
              <button type="button" class="retry" onClick={() => setAttempt(attempt + 1)}>
                {t.tryAgain}
              </button>
            </>
          )}
        </div>
      ) : (
        <article>
          <h2 ref={heading} tabIndex={-1} dir="auto">
            {article.title}
          </h2>
          {paragraphs(article.body).map((text) => (
            <p dir="auto">{text}</p>
          ))}
        </article>
      )}
    </section>
  );
}

function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter(Boolean);
}
