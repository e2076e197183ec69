import type { InferRequestType, InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import { settle, UNREACHED_READ } from "./problem";

// Saved replies and the assistant's drafts, without any view: each call answers what the service
// gave back, or what it said was wrong, in words.

type Replies = RestClient["saved-replies"];
type SessionCalls = RestClient["sessions"][":session_id"];
export type SavedReply = InferResponseType<Replies["$get"], 200>["replies"][number];
export type ReplyInput = InferRequestType<Replies["$post"]>["json"];
export type Draft = InferResponseType<SessionCalls["draft"]["$post"], 200>;
export type Summary = InferResponseType<SessionCalls["summary"]["$post"], 200>;

const at = (id: string) => ({ param: { reply_id: id } });
const session = (id: string) => ({ param: { session_id: id } });

export function replyCalls(api: RestClient) {
  const replies = api["saved-replies"];
  const one = replies[":reply_id"];
  const sessions = api.sessions[":session_id"];
  return {
    list: () =>
      settle<{ replies: SavedReply[] }>(replies.$get(), 200, UNREACHED_READ).then((o) =>
        "value" in o ? { value: o.value.replies } : o,
      ),
    create: (input: ReplyInput) => settle<SavedReply>(replies.$post({ json: input }), 201),
    update: (id: string, input: ReplyInput) =>
      settle<SavedReply>(one.$put({ ...at(id), json: input }), 200),
    remove: (id: string) => settle<null>(one.$delete(at(id)), 204),
    /** The replies the agent may use, filled in for the session. */
    forSession: (sessionId: string) =>
      settle<{ replies: SavedReply[] }>(
        sessions["saved-replies"].$get(session(sessionId)),
        200,
        UNREACHED_READ,
      ).then((o) => ("value" in o ? { value: o.value.replies } : o)),
    draft: (sessionId: string, includeNotes: boolean) =>
      settle<Draft>(
        sessions.draft.$post({ ...session(sessionId), json: { include_notes: includeNotes } }),
        200,
      ),
    summary: (sessionId: string, includeNotes: boolean) =>
      settle<Summary>(
        sessions.summary.$post({ ...session(sessionId), json: { include_notes: includeNotes } }),
        200,
      ),
  };
}

export type ReplyCalls = ReturnType<typeof replyCalls>;

/**
 * How well `query` matches a reply (higher is better; null: not at all): its shortcut or title
 * starting with it, containing it, or holding its letters in order (fuzzy), shortcuts first.
 */
function matchScore(query: string, reply: Pick<SavedReply, "shortcut" | "title">) {
  const q = query.toLowerCase();
  if (!q) return 0;
  const scores = [
    score(q, reply.shortcut.toLowerCase(), 3),
    score(q, reply.title.toLowerCase(), 2),
  ];
  const best = Math.max(...scores.map((s) => s ?? -1));
  return best < 0 ? null : best;
}

function score(query: string, text: string, weight: number): number | null {
  if (text.startsWith(query)) return weight * 100 - text.length / 100;
  const at = text.indexOf(query);
  if (at >= 0) return weight * 50 - at;
  // Letters in order: fewer gaps between them score higher.
  let from = 0;
  let gaps = 0;
  for (const letter of query) {
    const found = text.indexOf(letter, from);
    if (found < 0) return null;
    gaps += found - from;
    from = found + 1;
  }
  return weight * 10 - gaps / 10;
}

/** The replies matching `query`, best first, at most `limit`. */
export function bestMatches<T extends Pick<SavedReply, "shortcut" | "title">>(
  query: string,
  replies: T[],
  limit = 8,
): T[] {
  return replies
    .map((reply) => ({ reply, score: matchScore(query, reply) }))
    .filter((m): m is { reply: T; score: number } => m.score !== null)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((m) => m.reply);
}
