// The one search statement, written as SQL (drizzle knows no FTS5): the index finds the matching
// messages by their key, (session rowid << 24) | seq, highest first (the newest sessions' newest
// messages); each joins its session by rowid (the key's high bits) and its message by (session_id,
// seq); the filters and the caller's reach apply to those rows; the first RANKED_MATCHES are ranked
// by bm25 and take their snippet as they are found: finding the page's rows in the index again
// would run the query once more for each (for a prefix, reading every match of it each time). A
// filter left null is off, so one prepared statement serves every search.

/** The marks snippet() puts around a matching word (control characters, never shown as text). */
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";
/** Where snippet() cut the message short. */
const ELLIPSIS = "…";
/** How many words a snippet shows around the matches. */
const SNIPPET_WORDS = 24;

/** The parameters of SEARCH_MESSAGES, in their order (?1, ?2, ...). */
export const SEARCH_PARAMS = [
  "query",
  "publicOnly",
  "workedBy",
  "status",
  "team",
  "teamNone",
  "assignee",
  "assigneeNone",
  "label",
  "customer",
  "from",
  "to",
  "limit",
  "offset",
] as const;

const at = (name: (typeof SEARCH_PARAMS)[number]) => `?${SEARCH_PARAMS.indexOf(name) + 1}`;

/** How many bits of the index's rowid hold the message's seq (drizzle/0018_search.sql). */
export const SEQ_BITS = 24;
const SEQ_MASK = (1 << SEQ_BITS) - 1;

/**
 * How many matches are ranked: the first this many in the index's order (newest session, then
 * newest message first; the index hands them out so at no cost), so a word in a third of 100,000 messages costs as much as a rarer one. Paging reaches no
 * further (schemas.ts: MAX_OFFSET + MAX_LIMIT).
 */
export const RANKED_MATCHES = 300;

export const SEARCH_MESSAGES = `
with matches as (
  select f.rowid as hit_rowid, f.rank as score,
    snippet(chat_messages_fts, 0, char(2), char(3), '${ELLIPSIS}', ${SNIPPET_WORDS}) as snippet
  from chat_messages_fts f
  join chat_sessions s on s.rowid = f.rowid >> ${SEQ_BITS}
  join chat_messages m on m.session_id = s.id and m.seq = f.rowid & ${SEQ_MASK}
  where chat_messages_fts match ${at("query")}
    and (${at("publicOnly")} = 0 or m.visibility = 'public')
    and (${at("workedBy")} is null or s.team_id is null or s.assignee_id = ${at("workedBy")}
      or s.team_id in (select team_id from team_members where agent_id = ${at("workedBy")}))
    and (${at("status")} is null or s.status = ${at("status")})
    and (${at("team")} is null or s.team_id = ${at("team")})
    and (${at("teamNone")} = 0 or s.team_id is null)
    and (${at("assignee")} is null or s.assignee_id = ${at("assignee")})
    and (${at("assigneeNone")} = 0 or s.assignee_id is null)
    and (${at("label")} is null or exists (select 1 from session_labels l
      where l.session_id = s.id and l.label_id = ${at("label")}))
    and (${at("customer")} is null or s.customer_id = ${at("customer")})
    and (${at("from")} is null or m.timestamp >= ${at("from")})
    and (${at("to")} is null or m.timestamp < ${at("to")})
  order by f.rowid desc
  limit ${RANKED_MATCHES}
),
page as (
  select hit_rowid, score, snippet from matches order by score, hit_rowid desc
  limit ${at("limit")} offset ${at("offset")}
)
select
  m.id as hit_id, m.seq as hit_seq, m.timestamp as hit_timestamp, m.author_type as hit_author_type,
  m.author_name as hit_author_name, m.visibility as hit_visibility,
  page.snippet as hit_snippet, s.*
from page
join chat_sessions s on s.rowid = page.hit_rowid >> ${SEQ_BITS}
join chat_messages m on m.session_id = s.id and m.seq = page.hit_rowid & ${SEQ_MASK}
order by page.score, page.hit_rowid desc`;
