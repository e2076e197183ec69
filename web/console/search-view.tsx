import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import type { Team } from "./desk";
import { type Label, readLabels } from "./labels";
import { teamName, timeText } from "./names";
import {
  EMPTY_FORM,
  PAGE_SIZE,
  type SearchForm,
  type SearchHit,
  type SearchPage,
  searchMessages,
} from "./search";

// Search across conversations: the form, then pages of matching messages with their words marked
// (each piece of a snippet is text; a match is a <mark> around text, so nothing a customer wrote is
// ever read as HTML). Opening one shows the conversation beside the results (on a phone, instead).

interface Props {
  api: RestClient;
  teams: Record<string, Team>;
  openId: string | null;
  onOpen: (id: string) => void;
}

const STATUSES = ["bot", "open", "assigned", "resolved"];

export function SearchView({ api, teams, openId, onOpen }: Props) {
  const [form, setForm] = useState<SearchForm>(EMPTY_FORM);
  const [page, setPage] = useState<{ results: SearchPage; offset: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef<SearchForm>(EMPTY_FORM);
  const [labels, setLabels] = useState<Label[]>([]);
  useEffect(() => void readLabels(api).then(setLabels), [api]);

  const run = async (next: SearchForm, offset: number) => {
    setBusy(true);
    const answer = await searchMessages(api, next, offset);
    setBusy(false);
    if ("problem" in answer) {
      setProblem(answer.problem);
      // A new query's results are not the last one's: those stay only under a failed "more".
      if (offset === 0) setPage(null);
      return;
    }
    setProblem(null);
    asked.current = next;
    setPage({ results: answer.page, offset });
  };
  const field = (name: keyof SearchForm) => (event: Event) =>
    setForm({ ...form, [name]: (event.target as HTMLInputElement).value });
  const results = page?.results.results ?? [];

  return (
    <section class="queue search" aria-label="Search conversations">
      <form
        class="search-form"
        aria-label="Search"
        onSubmit={(event: Event) => {
          event.preventDefault();
          void run(form, 0);
        }}
      >
        <div class="search-words">
          <label class="visually-hidden" for="search-q">
            Words
          </label>
          <input
            id="search-q"
            type="search"
            placeholder="Search conversations"
            value={form.q}
            onInput={field("q")}
            required
          />
          <button type="submit" disabled={busy}>
            Search
          </button>
        </div>
        <div class="search-filters">
          <label>
            Status
            <select value={form.status} onChange={field("status")}>
              <option value="">Any</option>
              {STATUSES.map((status) => (
                <option value={status}>{status}</option>
              ))}
            </select>
          </label>
          <label>
            Team
            <select value={form.team} onChange={field("team")}>
              <option value="">Any</option>
              <option value="none">No team</option>
              {Object.keys(teams).map((id) => (
                <option value={id}>{teamName(teams, id)}</option>
              ))}
            </select>
          </label>
          {labels.length > 0 && (
            <label>
              Label
              <select value={form.label} onChange={field("label")}>
                <option value="">Any</option>
                {labels.map((label) => (
                  <option value={label.id}>{label.name}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            Assignee
            <select value={form.assignee} onChange={field("assignee")}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Nobody</option>
            </select>
          </label>
          <label>
            From
            <input type="date" value={form.from} onChange={field("from")} />
          </label>
          <label>
            To
            <input type="date" value={form.to} onChange={field("to")} />
          </label>
        </div>
      </form>
      {problem && (
        <p class="search-problem" role="alert">
          {problem}
        </p>
      )}
      <p class="search-said" role="status">
        {busy
          ? "Searching…"
          : page &&
            (results.length === 0
              ? "No message matches."
              : pageText(page.offset, results.length, page.results.has_more))}
      </p>
      <ul>
        {results.map((hit) => (
          <li>
            <Result hit={hit} teams={teams} open={hit.session.id === openId} onOpen={onOpen} />
          </li>
        ))}
      </ul>
      {page && (page.offset > 0 || page.results.has_more) && (
        <nav class="search-pages" aria-label="Pages of results">
          <button
            type="button"
            class="secondary"
            disabled={busy || page.offset === 0}
            onClick={() => void run(asked.current, Math.max(0, page.offset - PAGE_SIZE))}
          >
            Previous page
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy || page.results.next_offset === null}
            onClick={() => void run(asked.current, page.results.next_offset ?? 0)}
          >
            Next page
          </button>
        </nav>
      )}
      {page && (
        <p class="search-archived">
          Conversations resolved more than {page.results.archived.after_days} days ago are archived
          and not searched.
        </p>
      )}
    </section>
  );
}

const pageText = (offset: number, count: number, more: boolean) =>
  `Results ${offset + 1} to ${offset + count}${more ? "; more on the next page" : ""}.`;

function Result(props: {
  hit: SearchHit;
  teams: Record<string, Team>;
  open: boolean;
  onOpen: (id: string) => void;
}) {
  const { hit, teams, open, onOpen } = props;
  const { session, message } = hit;
  return (
    <button
      type="button"
      class={`row hit${open ? " open" : ""}`}
      aria-current={open ? "true" : undefined}
      onClick={() => onOpen(session.id)}
    >
      <span class="who">
        <bdi>{session.customer?.name ?? "Visitor"}</bdi>
      </span>
      <span class={`status ${session.status}`}>{session.status}</span>
      <span class="snippet">
        {message.visibility === "internal" && <span class="note-tag">Note: </span>}
        <bdi>{hit.snippet.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</bdi>
      </span>
      <span class="meta">
        {message.author_name ? <bdi>{message.author_name}</bdi> : message.author_type}
        {" · "}
        {session.team_id && (
          <>
            <bdi>{teamName(teams, session.team_id)}</bdi>
            {" · "}
          </>
        )}
        <time datetime={message.timestamp}>{timeText(message.timestamp)}</time>
      </span>
    </button>
  );
}
