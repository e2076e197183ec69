import { useRef, useState } from "hono/jsx/dom";
import { bestMatches, type ReplyCalls, type SavedReply } from "./replies";

// The composer's saved replies: `/` at the start or after a space opens a list that narrows as the
// agent types (shortcut and title, fuzzy); arrows choose, Enter or Tab inserts the reply filled in
// for this session (as text, to edit before sending), Esc closes. While it is open Enter never sends.

/** The `/word` being typed just before the caret, if any: where it starts and what follows `/`. */
function slashWordBefore(field: HTMLTextAreaElement): { start: number; query: string } | null {
  const before = field.value.slice(0, field.selectionStart);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: before.length - query.length - 1, query };
}

type Loaded = { replies: SavedReply[] } | { problem: string } | null;

export function useReplyPicker(
  calls: ReplyCalls,
  sessionId: string,
  input: { current: HTMLTextAreaElement | null },
) {
  const [typed, setTyped] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>(null);
  const loading = useRef(false);

  const load = () => {
    if (loading.current || (loaded && "replies" in loaded)) return;
    loading.current = true;
    void calls.forSession(sessionId).then((read) => {
      loading.current = false;
      setLoaded("value" in read ? { replies: read.value } : { problem: read.problem });
    });
  };
  const matches =
    typed && loaded && "replies" in loaded ? bestMatches(typed.query, loaded.replies) : [];
  const chosen = matches[Math.min(active, matches.length - 1)];

  const close = () => setTyped(null);
  const insert = (reply: SavedReply) => {
    const field = input.current;
    if (!field || !typed) return;
    const end = field.selectionStart;
    field.value = field.value.slice(0, typed.start) + reply.text + field.value.slice(end);
    const caret = typed.start + reply.text.length;
    field.setSelectionRange(caret, caret);
    field.focus();
    close();
  };

  /** After each change of the composer: open, narrow or close the list. */
  const onInput = () => {
    const field = input.current;
    const found = field ? slashWordBefore(field) : null;
    if (found && found.query !== typed?.query) setActive(0);
    setTyped(found);
    if (found) load();
  };

  /** The composer's keys while the list is open; true when the key was the list's. */
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!typed) return false;
    const take = () => {
      event.preventDefault();
      event.stopPropagation();
      return true;
    };
    if (event.key === "Escape") {
      close();
      return take();
    }
    // With nothing to insert, Enter does not send the `/word` (a mistyped shortcut would reach the
    // customer): Esc closes the list, and then Enter sends what was typed.
    if (!matches.length) return event.key === "Enter" && !event.shiftKey ? take() : false;
    if (event.key === "ArrowDown") setActive((active + 1) % matches.length);
    else if (event.key === "ArrowUp") setActive((active - 1 + matches.length) % matches.length);
    else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      if (chosen) insert(chosen);
    } else return false;
    return take();
  };

  const optionId = (reply: SavedReply) => `saved-reply-${reply.id}`;
  const open = typed !== null;
  const view = open ? (
    <div class="reply-picker">
      {!loaded ? (
        <p class="picker-note">Loading saved replies…</p>
      ) : "problem" in loaded ? (
        <p class="picker-note" role="alert">
          Saved replies are unavailable: {loaded.problem}
        </p>
      ) : !matches.length ? (
        <p class="picker-note">
          No saved reply matches <bdi>/{typed.query}</bdi>. Esc, then Enter, sends it as typed.
        </p>
      ) : (
        <div id="reply-picker" role="listbox" aria-label="Saved replies" class="options">
          {matches.map((reply) => (
            <div
              id={optionId(reply)}
              role="option"
              // Chosen through the composer's aria-activedescendant; never a tab stop.
              tabIndex={-1}
              aria-selected={reply === chosen ? "true" : "false"}
              class={reply === chosen ? "active" : ""}
              // Chosen by pointer without taking the focus from the composer.
              onMouseDown={(event: MouseEvent) => {
                event.preventDefault();
                insert(reply);
              }}
            >
              <span class="shortcut">/{reply.shortcut}</span>
              <bdi class="title">{reply.title}</bdi>
              {reply.team_name && <bdi class="scope">{reply.team_name}</bdi>}
              <bdi class="preview" dir="auto">
                {reply.text}
              </bdi>
            </div>
          ))}
        </div>
      )}
      <p class="picker-keys" aria-hidden="true">
        ↑↓ choose · Enter or Tab insert · Esc close
      </p>
    </div>
  ) : null;

  return {
    view,
    onInput,
    onKeyDown,
    /** What the composer says of the list, for screen readers. */
    fieldProps: {
      "aria-autocomplete": "list",
      ...(open && matches.length > 0 && { "aria-controls": "reply-picker" }),
      ...(chosen && open && { "aria-activedescendant": optionId(chosen) }),
    },
  };
}
