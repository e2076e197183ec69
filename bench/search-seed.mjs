// The search bench's data, as SQL (bench/search-bench.mjs): sessions of 20 messages over 10 teams,
// chat-like text from a vocabulary, some words common, one rare. Inserted through chat_messages, so
// the search index's triggers do the indexing, as they do for messages people send.

export const MESSAGES_PER_SESSION = 20;
export const TEAMS = 10;
/** In one message of 3 ("order"), of 1,000 ("zephyr"); "deliv" starts a word in many. */
export const COMMON = "order";
export const RARE = "zephyr";

const VOCABULARY = (
  "refund parcel delivery delivered arrived broken payment card invoice account password login " +
  "shipping tracking number address change cancel return exchange size colour warranty voucher " +
  "discount price charged twice receipt email phone courier damaged missing late week yesterday " +
  "today tomorrow store online app website checkout basket stock available jacket boots tent " +
  "backpack gloves socks trousers helmet bike lamp stove bottle map compass rope harness shoes " +
  "sleeping bag mattress waterproof zip strap buckle seam colourway small medium large replace " +
  "repair label printer postcode street city country customs duty fee subscription newsletter " +
  "unsubscribe reset verify code link expired error page loading slow crash update version " +
  "android iphone browser chrome safari firefox screenshot photo attachment upload manager " +
  "supervisor complaint feedback rating thanks great perfect sorry unfortunately apologies"
)
  .split(" ")
  .filter(Boolean);

/** The message's number over the whole bench. */
const I = `(s.k * ${MESSAGES_PER_SESSION} + m.seq)`;

const time = (seconds) =>
  `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01T09:00:00.000', '+' || (${seconds}) || ' seconds')`;

/** Sessions `from` to `to` - 1 and their messages; the teams on the first call. */
export function seedSql(from, to) {
  const words = JSON.stringify(VOCABULARY).replaceAll("'", "''");
  const sessions = `s(k) as (select ${from} union all select k + 1 from s where k < ${to - 1})`;
  const pick = (k) =>
    `json_extract('${words}', '$[' || ((${I} * ${31 + k * 6} + s.k * ${17 + k} + ${k * k * 13}) % ${VOCABULARY.length}) || ']')`;
  const text = Array.from({ length: 9 }, (_, k) => pick(k)).join(" || ' ' || ");
  const teams =
    from === 0
      ? `insert into teams (id, name, created_at, updated_at) with recursive t(n) as (select 0 union all select n + 1 from t where n < ${TEAMS - 1})
select 'team-' || n, 'Team ' || n, ${time(0)}, ${time(0)} from t;
insert into team_members (team_id, agent_id, joined_at) values ('team-3', 'bench-agent-3', ${time(0)});`
      : "";
  return `${teams}
insert into chat_sessions (id, created_at, updated_at, last_seq, status, customer_id, customer_name, team_id)
with recursive ${sessions}
select printf('5ea20000-0000-4000-8000-%012x', s.k), ${time("s.k * 60")}, ${time(`s.k * 60 + ${MESSAGES_PER_SESSION}`)},
  ${MESSAGES_PER_SESSION}, case s.k % 3 when 0 then 'resolved' when 1 then 'assigned' else 'open' end,
  'customer:' || (s.k % 1000), 'Customer ' || (s.k % 1000), 'team-' || (s.k % ${TEAMS}) from s;

insert into chat_messages (id, session_id, seq, timestamp, content, author_type, visibility)
with recursive ${sessions},
  m(seq) as (select 1 union all select seq + 1 from m where seq < ${MESSAGES_PER_SESSION})
select printf('5ea2%04x-0000-4000-8000-%012x', m.seq, s.k), printf('5ea20000-0000-4000-8000-%012x', s.k), m.seq,
  ${time(`s.k * 60 + m.seq`)},
  case when ${I} % 3 = 0 then '${COMMON} ' else '' end || ${text}
    || case when ${I} % 1000 = 7 then ' ${RARE}' else '' end,
  case m.seq % 2 when 1 then 'service_agent' else 'customer' end,
  case when m.seq % 10 = 0 then 'internal' else 'public' end
from s join m;
`;
}
