import { sql } from "drizzle-orm";
import {
  type CompiledQuery,
  prepared,
  type Row,
  runBound,
  runOne,
} from "../../platform/db/statements";

export interface SavedReply {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  /** null: for everyone. */
  teamId: string | null;
  teamName: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedReplyFields = Pick<SavedReply, "shortcut" | "title" | "text" | "teamId">;

/** How a write ended: stored, or why not (no such team, the shortcut taken, no such reply). */
export type WriteOutcome = "stored" | "no-team" | "taken" | "missing";

const q = (text: string, ...names: string[]): CompiledQuery => ({
  sql: text,
  params: names.map((name) => sql.placeholder(name)),
});

const COLUMNS = `r.id, r.shortcut, r.title, r.text, r.team_id, r.created_by, r.created_at,
  r.updated_at, t.name as team_name`;
// A team given must exist (checked in the statement, so a foreign key never fails a write).
const TEAM_EXISTS = "(?4 is null or exists (select 1 from teams where id = ?4))";

function buildQueries() {
  return {
    // Everyone's, and the teams' of `agent`; every reply where `all` is 1.
    available: q(
      `select ${COLUMNS} from saved_replies r left join teams t on t.id = r.team_id
        where ?1 = 1 or r.team_id is null
          or r.team_id in (select team_id from team_members where agent_id = ?2)
        order by r.shortcut, r.scope`,
      "all",
      "agent",
    ),
    byId: q(
      `select ${COLUMNS} from saved_replies r left join teams t on t.id = r.team_id where r.id = ?1`,
      "id",
    ),
    insert: q(
      `insert into saved_replies
          (id, shortcut, title, text, team_id, scope, created_by, created_at, updated_at)
        select ?1, ?2, ?3, ?5, ?4, coalesce(?4, ''), ?6, ?7, ?7 where ${TEAM_EXISTS}
        on conflict do nothing returning id`,
      "id",
      "shortcut",
      "title",
      "teamId",
      "text",
      "by",
      "now",
    ),
    update: q(
      `update or ignore saved_replies
        set shortcut = ?2, title = ?3, team_id = ?4, scope = coalesce(?4, ''), text = ?5,
          updated_at = ?7
        where id = ?1 and ${TEAM_EXISTS} returning id`,
      "id",
      "shortcut",
      "title",
      "teamId",
      "text",
      "by",
      "now",
    ),
    teamExists: q("select 1 from teams where id = ?1", "teamId"),
    remove: q("delete from saved_replies where id = ?1 returning id", "id"),
  };
}

/** Saved replies in D1. */
export class ReplyRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** Every reply (`agentId` null), or those for everyone and for the agent's teams; by shortcut. */
  async available(agentId: string | null): Promise<SavedReply[]> {
    const bound = this.statements.available.bind({ all: agentId ? 0 : 1, agent: agentId ?? "" });
    return (await runOne(this.d1, bound)).rows.map(toReply);
  }

  async get(id: string): Promise<SavedReply | null> {
    const { rows } = await runOne(this.d1, this.statements.byId.bind({ id }));
    return rows[0] ? toReply(rows[0]) : null;
  }

  async insert(id: string, fields: SavedReplyFields, by: string, now: string) {
    return this.write("insert", { id, ...fields, by, now });
  }

  async update(id: string, fields: SavedReplyFields, now: string) {
    return this.write("update", { id, ...fields, by: "", now });
  }

  async remove(id: string): Promise<boolean> {
    return (await runOne(this.d1, this.statements.remove.bind({ id }))).rows.length > 0;
  }

  /** The write, and why nothing was written when nothing was (read in the same batch). */
  private async write(
    kind: "insert" | "update",
    values: SavedReplyFields & { id: string; by: string; now: string },
  ): Promise<WriteOutcome> {
    const { statements } = this;
    const result = await runBound(this.d1, {
      write: statements[kind].bind(values),
      team: statements.teamExists.bind({ teamId: values.teamId }),
      reply: statements.byId.bind({ id: values.id }),
    });
    if (result.write.rows.length > 0) return "stored";
    if (values.teamId !== null && !result.team.rows.length) return "no-team";
    if (kind === "update" && !result.reply.rows.length) return "missing";
    return "taken";
  }
}

function toReply(row: Row): SavedReply {
  return {
    id: row.id as string,
    shortcut: row.shortcut as string,
    title: row.title as string,
    text: row.text as string,
    teamId: (row.team_id as string | null) ?? null,
    teamName: (row.team_name as string | null) ?? null,
    createdBy: row.created_by as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}
