import { useState } from "hono/jsx/dom";
import type { Draft, ReplyCalls, SavedReply, Summary } from "./replies";

// The assistant beside the composer: "Draft a reply" fills the composer with a draft to edit (never
// sends it), with its sources; with no model, or past its budget, the best-matching articles and
// saved replies instead. "Summarise" shows a short summary for a transfer or an escalation.

const NO_DRAFT: Record<NonNullable<Draft["reason"]>, string> = {
  no_model: "No assistant model is configured: the best matches are below.",
  no_question: "The customer has not asked anything yet.",
  no_match: "No article matches what the customer asked.",
  model_declined: "The assistant found nothing in the articles to answer with.",
  model_timeout: "The assistant took too long: the best matches are below.",
  model_failure: "The assistant could not draft a reply: the best matches are below.",
};

const SUMMARY_BY: Record<NonNullable<Summary["reason"]>, string> = {
  no_model: "No assistant model is configured: the customer's own words.",
  model_timeout: "The assistant took too long: the customer's own words.",
  model_failure: "The assistant could not summarise: the customer's own words.",
};

type Shown =
  | { kind: "draft"; draft: Draft }
  | { kind: "summary"; summary: Summary }
  | { kind: "problem"; text: string };

interface Props {
  calls: ReplyCalls;
  sessionId: string;
  /** Puts text into the composer (after what is there), to edit before sending. */
  onInsert: (text: string) => void;
}

export function DraftTools({ calls, sessionId, onInsert }: Props) {
  const [busy, setBusy] = useState<"draft" | "summary" | null>(null);
  const [notes, setNotes] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);

  const draft = async () => {
    setBusy("draft");
    const read = await calls.draft(sessionId, notes);
    setBusy(null);
    if (!("value" in read)) return setShown({ kind: "problem", text: read.problem });
    if (read.value.draft) onInsert(read.value.draft);
    setShown({ kind: "draft", draft: read.value });
  };
  const summarise = async () => {
    setBusy("summary");
    const read = await calls.summary(sessionId, notes);
    setBusy(null);
    setShown(
      "value" in read
        ? { kind: "summary", summary: read.value }
        : { kind: "problem", text: read.problem },
    );
  };

  return (
    <div class="draft-tools">
      <div class="draft-buttons">
        <button
          type="button"
          class="secondary"
          disabled={busy !== null}
          onClick={() => void draft()}
        >
          {busy === "draft" ? "Drafting…" : "Draft a reply"}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy !== null}
          onClick={() => void summarise()}
        >
          {busy === "summary" ? "Summarising…" : "Summarise"}
        </button>
        <label>
          <input
            type="checkbox"
            checked={notes}
            onChange={(e: Event) => setNotes((e.target as HTMLInputElement).checked)}
          />
          Use internal notes
        </label>
      </div>
      {shown && (
        <section class="assistant-result" aria-label="Assistant" aria-live="polite">
          <button type="button" class="link close" onClick={() => setShown(null)}>
            Close
          </button>
          {shown.kind === "problem" ? (
            <p role="alert">{shown.text}</p>
          ) : shown.kind === "summary" ? (
            <SummaryShown summary={shown.summary} onInsert={onInsert} />
          ) : (
            <DraftShown draft={shown.draft} onInsert={onInsert} />
          )}
        </section>
      )}
    </div>
  );
}

function DraftShown({ draft, onInsert }: { draft: Draft; onInsert: (text: string) => void }) {
  // With a draft, its sources say enough; without one, the suggestions are what there is.
  const { articles, replies } = draft.draft ? { articles: [], replies: [] } : draft.suggestions;
  return (
    <>
      {draft.draft ? (
        <p class="assistant-said">
          Draft put in the composer: read it, edit it, then send.
          {draft.sources.length > 0 && (
            <>
              {" "}
              From:{" "}
              {draft.sources.map((source, i) => (
                <>
                  {i > 0 && ", "}
                  <bdi class="source">{source.title}</bdi>
                </>
              ))}
              .
            </>
          )}
        </p>
      ) : (
        <p class="assistant-said">{draft.reason ? NO_DRAFT[draft.reason] : ""}</p>
      )}
      {articles.length > 0 && (
        <div class="suggestions">
          <h3>Articles</h3>
          <ul>
            {articles.map((article) => (
              <li>
                <bdi class="title">{article.title}</bdi>
                <bdi class="excerpt" dir="auto">
                  {article.excerpt}
                </bdi>
              </li>
            ))}
          </ul>
        </div>
      )}
      {replies.length > 0 && (
        <div class="suggestions">
          <h3>Saved replies</h3>
          <ul>
            {replies.map((reply: SavedReply) => (
              <li>
                <span class="shortcut">/{reply.shortcut}</span>{" "}
                <bdi class="title">{reply.title}</bdi>
                <bdi class="excerpt" dir="auto">
                  {reply.text}
                </bdi>
                <button type="button" class="link" onClick={() => onInsert(reply.text)}>
                  Insert
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!draft.draft && !articles.length && !replies.length && (
        <p class="assistant-said">Nothing in the articles or saved replies matches.</p>
      )}
    </>
  );
}

function SummaryShown({
  summary,
  onInsert,
}: {
  summary: Summary;
  onInsert: (text: string) => void;
}) {
  return (
    <>
      <h3>Summary</h3>
      <p class="summary" dir="auto">
        {summary.summary}
      </p>
      {summary.reason && <p class="assistant-said">{SUMMARY_BY[summary.reason]}</p>}
      <button type="button" class="link" onClick={() => onInsert(summary.summary)}>
        Put it in the composer
      </button>
    </>
  );
}

/** Puts `text` into the composer after what it holds (a blank line between), caret at the end. */
export function appendTo(field: HTMLTextAreaElement | null, text: string) {
  if (!field) return;
  const before = field.value.trimEnd();
  field.value = before ? `${before}\n\n${text}` : text;
  field.setSelectionRange(field.value.length, field.value.length);
  field.focus();
}
