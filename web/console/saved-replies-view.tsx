import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { PLACEHOLDERS } from "../../src/features/replies/placeholders";
import type { Team } from "./desk";
import { ManageView, useManaged } from "./manage-view";
import { type ReplyInput, replyCalls, type SavedReply } from "./replies";
import { useRead } from "./unread";

// Admins and supervisors: the saved replies agents insert with `/shortcut`, the chosen one's form
// beside the list (a new one's too); on a phone, one or the other.

const EMPTY: ReplyInput = { shortcut: "", title: "", text: "", team_id: null };

export function SavedRepliesView({ api, teams }: { api: RestClient; teams: Record<string, Team> }) {
  const calls = useMemo(() => replyCalls(api), [api]);
  const list = useRead(calls.list);
  const { value: replies, setValue: setReplies } = list;
  const managed = useManaged();
  const { open, setOpen, tell, close } = managed;

  const bySortOrder = (list: SavedReply[]) =>
    [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  const saved = (reply: SavedReply, created: boolean) => {
    setReplies(bySortOrder([...(replies ?? []).filter((r) => r.id !== reply.id), reply]));
    setOpen(reply.id);
    tell(created ? `Saved /${reply.shortcut}.` : `Changed /${reply.shortcut}.`);
  };
  const removed = (reply: SavedReply) => {
    setReplies((replies ?? []).filter((r) => r.id !== reply.id));
    tell(`Deleted /${reply.shortcut}.`);
    close();
  };

  const selected = replies?.find((r) => r.id === open);
  return (
    <ManageView
      managed={managed}
      name="saved-replies"
      title="Saved replies"
      listLabel="Saved replies"
      newLabel="New reply"
      empty="No saved replies yet: agents insert them by typing / in a reply."
      list={list}
      row={(reply) => (
        <button
          type="button"
          class="reply-row"
          aria-current={reply.id === open ? "true" : undefined}
          onClick={() => setOpen(reply.id)}
        >
          <span class="shortcut">/{reply.shortcut}</span>
          <bdi class="title">{reply.title}</bdi>
          <span class="scope">{reply.team_name ?? reply.team_id ?? "Everyone"}</span>
          <bdi class="preview" dir="auto">
            {reply.text}
          </bdi>
        </button>
      )}
    >
      {open === "new" || selected ? (
        <ReplyForm
          key={open}
          calls={calls}
          teams={teams}
          reply={selected ?? null}
          onSaved={saved}
          onDeleted={removed}
          onCancel={close}
        />
      ) : (
        <p class="placeholder">Choose a reply to change it, or make a new one.</p>
      )}
    </ManageView>
  );
}

interface FormProps {
  calls: ReturnType<typeof replyCalls>;
  teams: Record<string, Team>;
  reply: SavedReply | null;
  onSaved: (reply: SavedReply, created: boolean) => void;
  onDeleted: (reply: SavedReply) => void;
  onCancel: () => void;
}

function ReplyForm({ calls, teams, reply, onSaved, onDeleted, onCancel }: FormProps) {
  const [input, setInput] = useState<ReplyInput>(
    reply
      ? { shortcut: reply.shortcut, title: reply.title, text: reply.text, team_id: reply.team_id }
      : EMPTY,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // The question "for good?" takes the focus from the Delete it replaces, and gives it back when
  // taken back (else it falls to the page).
  const confirm = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
    else if (asked.current) ask.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const field = (name: keyof ReplyInput) => (event: Event) =>
    setInput({ ...input, [name]: (event.target as HTMLInputElement).value });

  const save = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    const read = reply ? await calls.update(reply.id, input) : await calls.create(input);
    setBusy(false);
    if ("value" in read) onSaved(read.value, !reply);
    else setProblem(read.problem);
  };
  const remove = async () => {
    if (!reply) return;
    setProblem(null);
    setBusy(true);
    const read = await calls.remove(reply.id);
    setBusy(false);
    if ("value" in read) onDeleted(reply);
    else setProblem(read.problem);
  };

  return (
    <form
      class="reply-form"
      onSubmit={save}
      aria-labelledby="reply-form-heading"
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && confirming && setConfirming(false)}
    >
      <button type="button" class="link back" onClick={onCancel}>
        ← All saved replies
      </button>
      <h2 id="reply-form-heading">{reply ? `/${reply.shortcut}` : "New saved reply"}</h2>
      <label for="reply-shortcut">Shortcut (what agents type after /)</label>
      <input
        id="reply-shortcut"
        required
        pattern="[a-z0-9][a-z0-9_\-]{0,31}"
        title="1-32 of a-z, 0-9, _ and -"
        value={input.shortcut}
        onInput={field("shortcut")}
      />
      <label for="reply-title">Title</label>
      <input
        id="reply-title"
        required
        maxLength={120}
        value={input.title}
        onInput={field("title")}
      />
      <label for="reply-scope">For</label>
      <select
        id="reply-scope"
        value={input.team_id ?? ""}
        onChange={(e: Event) =>
          setInput({ ...input, team_id: (e.target as HTMLSelectElement).value || null })
        }
      >
        <option value="">Everyone</option>
        {Object.values(teams).map((team) => (
          <option value={team.id}>Team {team.name}</option>
        ))}
      </select>
      <label for="reply-text">Text</label>
      <textarea
        id="reply-text"
        required
        rows={6}
        maxLength={2000}
        value={input.text}
        onInput={field("text")}
        aria-describedby="reply-placeholders"
      />
      <div id="reply-placeholders" class="placeholders">
        Placeholders, filled in when an agent inserts the reply:
        <ul>
          {Object.entries(PLACEHOLDERS).map(([name, { about, fallback }]) => (
            <li>
              <code>{`{{${name}}}`}</code> {about}
              {fallback ? ` (unknown: "${fallback}")` : " (unknown: left empty)"}
            </li>
          ))}
        </ul>
      </div>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" disabled={busy}>
          {reply ? "Save changes" : "Save reply"}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
        {reply &&
          (confirming ? (
            <button
              type="button"
              class="danger"
              ref={confirm}
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete /{reply.shortcut} for good
            </button>
          ) : (
            <button type="button" class="secondary" ref={ask} onClick={() => setConfirming(true)}>
              Delete
            </button>
          ))}
      </div>
    </form>
  );
}
