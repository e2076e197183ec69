import { asc, eq, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { chatSessions, routingRules, teamMembers, teams } from "../../core/db/schema";
import {
  compileNamed,
  p,
  prepared,
  type Row,
  runAll,
  runBound,
  runNamed,
  runOne,
} from "../../platform/db/statements";
import type { RoutingMode, RoutingRule, RuleKind, ServiceLevels, Team } from "./domain";

/** D1 binds at most 100 parameters a statement: members are written this many at a time. */
const MEMBERS_A_STATEMENT = 30;

/** What a D1 batch fails with when it inserts a team whose id is taken (it rolls back whole). */
const ID_TAKEN = "UNIQUE constraint failed: teams.id";
/** What it fails with when it adds members or rules to a team that is gone (removed meanwhile). */
const TEAM_GONE = "FOREIGN KEY constraint failed";
/** What a rule naming a label that is gone (removed meanwhile) fails with: see `addRule`. */
const LABEL_GONE = "NOT NULL constraint failed: routing_rules.kind";

function buildQueries(db: DrizzleD1Database) {
  const byId = eq(teams.id, p("id"));
  // What a save writes, new or replacing.
  const written = {
    name: sql`${p("name")}`,
    routing: sql`${p("routing")}`,
    hours: sql`${p("hours")}`,
    timeZone: sql`${p("timeZone")}`,
    serviceLevels: sql`${p("serviceLevels")}`,
  };
  const timestamp = sql`${p("timestamp")}`;
  return {
    insert: db
      .insert(teams)
      .values({ id: p("id"), ...written, createdAt: timestamp, updatedAt: timestamp })
      .toSQL(),
    // Replacing never inserts: a team removed meanwhile stays removed.
    update: db
      .update(teams)
      .set({ ...written, updatedAt: timestamp })
      .where(byId)
      .toSQL(),
    clearMembers: db
      .delete(teamMembers)
      .where(eq(teamMembers.teamId, p("id")))
      .toSQL(),
    remove: compileNamed({
      // Its sessions stay, in no team (the column has no foreign key: see schema.ts).
      sessions: db
        .update(chatSessions)
        .set({ teamId: null })
        .where(eq(chatSessions.teamId, p("id"))),
      team: db.delete(teams).where(byId).returning({ id: teams.id }),
    }),
    all: db.select().from(teams).orderBy(asc(teams.id)).toSQL(),
    byId: db.select().from(teams).where(byId).toSQL(),
    members: db.select().from(teamMembers).orderBy(asc(teamMembers.agentId)).toSQL(),
    membersOf: db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.teamId, p("id")))
      .toSQL(),
    teamsOf: db
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(eq(teamMembers.agentId, p("agentId")))
      .toSQL(),
    rules: db.select().from(routingRules).orderBy(asc(routingRules.position)).toSQL(),
    clearRules: db.delete(routingRules).toSQL(),
    addRule: db
      .insert(routingRules)
      .values({
        id: p("id"),
        teamId: p("teamId"),
        labelId: p("labelId"),
        // A label removed since the check: no kind, so the batch fails whole and nothing changes
        // (the label is a feature's table, not a foreign key of this core one).
        kind: sql`case when ${p("labelId")} is null or exists (select 1 from "labels" where "id" = ${p("labelId")}) then ${p("kind")} end`,
        pattern: p("pattern"),
        position: p("position"),
      })
      .toSQL(),
    // The ids as one JSON array: any number of them in one parameter.
    existing: db
      .select({ id: teams.id })
      .from(teams)
      .where(sql`${teams.id} in (select value from json_each(${p("ids")}))`)
      .toSQL(),
  };
}

/** Teams, their members, and the routing rules, in D1. */
export class TeamRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /**
   * Stores a team with its members, in one transaction: replacing the team of its id, or with
   * `create` a new one. Answers false, storing nothing, when there is no such team to replace (it
   * was removed meanwhile), or with `create` when its id is taken (by a create racing this one too).
   */
  async save(
    team: Omit<Team, "createdAt" | "updatedAt">,
    timestamp: string,
    { create = false } = {},
  ): Promise<boolean> {
    const { insert, update, clearMembers } = this.statements;
    const statements = [
      (create ? insert : update).bind({
        id: team.id,
        name: team.name,
        routing: team.routing,
        hours: team.hours,
        timeZone: team.timeZone,
        serviceLevels: JSON.stringify(team.serviceLevels),
        timestamp,
      }),
      clearMembers.bind({ id: team.id }),
    ];
    for (let at = 0; at < team.members.length; at += MEMBERS_A_STATEMENT) {
      const chunk = team.members.slice(at, at + MEMBERS_A_STATEMENT);
      const rows = chunk.map(() => "(?, ?, ?)").join(", ");
      statements.push(
        this.d1
          .prepare(`insert into team_members (team_id, agent_id, joined_at) values ${rows}`)
          .bind(...chunk.flatMap((agent) => [team.id, agent, timestamp])),
        // Every member has an agents row: routing reads their availability there.
        this.d1
          .prepare(
            `insert or ignore into agents (id, updated_at) values ${chunk.map(() => "(?, ?)").join(", ")}`,
          )
          .bind(...chunk.flatMap((agent) => [agent, timestamp])),
      );
    }
    try {
      const [stored] = await runAll(this.d1, statements);
      return (stored?.meta.changes ?? 0) > 0;
    } catch (error) {
      const cause = String((error as Error).cause);
      if (cause.includes(create ? ID_TAKEN : TEAM_GONE)) return false;
      throw error;
    }
  }

  /** Whether there was such a team to remove; its sessions stay, in no team. */
  async remove(id: string): Promise<boolean> {
    const result = await runNamed(this.d1, this.statements.remove, { id });
    return result.team.rows.length > 0;
  }

  async get(id: string): Promise<Team | null> {
    const { team, members } = await runBound(this.d1, {
      team: this.statements.byId.bind({ id }),
      members: this.statements.membersOf.bind({ id }),
    });
    return team.rows[0] ? toTeam(team.rows[0], members.rows) : null;
  }

  async list(): Promise<Team[]> {
    const { teams, members } = await runBound(this.d1, {
      teams: this.statements.all.bind({}),
      members: this.statements.members.bind({}),
    });
    return teams.rows.map((row) => toTeam(row, members.rows));
  }

  /** The teams `agentId` is a member of. */
  async teamsOf(agentId: string): Promise<string[]> {
    const { rows } = await runOne(this.d1, this.statements.teamsOf.bind({ agentId }));
    return rows.map((row) => row.team_id as string);
  }

  async rules(): Promise<RoutingRule[]> {
    const { rows } = await runOne(this.d1, this.statements.rules.bind({}));
    return rows.map((row) => ({
      id: row.id as string,
      teamId: (row.team_id as string | null) ?? null,
      labelId: (row.label_id as string | null) ?? null,
      kind: row.kind as RuleKind,
      pattern: row.pattern as string,
      position: row.position as number,
    }));
  }

  /**
   * Replaces every rule with `rules`, in their order, in one transaction; false (nothing changed) when
   * a team they name is gone (removed since it was checked).
   */
  async replaceRules(rules: Omit<RoutingRule, "position">[]): Promise<boolean> {
    const { clearRules, addRule } = this.statements;
    try {
      await runAll(this.d1, [
        clearRules.bind({}),
        ...rules.map((rule, position) => addRule.bind({ ...rule, position })),
      ]);
      return true;
    } catch (error) {
      const cause = String((error as Error).cause);
      if (cause.includes(TEAM_GONE) || cause.includes(LABEL_GONE)) return false;
      throw error;
    }
  }

  /** Which of `ids` name teams. */
  async existing(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const { rows } = await runOne(
      this.d1,
      this.statements.existing.bind({ ids: JSON.stringify(ids) }),
    );
    return new Set(rows.map((row) => row.id as string));
  }
}

function toTeam(row: Row, members: Row[]): Team {
  return {
    id: row.id as string,
    name: row.name as string,
    routing: row.routing as RoutingMode,
    hours: row.hours as string | null,
    timeZone: row.time_zone as string,
    serviceLevels: JSON.parse(row.service_levels as string) as ServiceLevels,
    members: members.filter((m) => m.team_id === row.id).map((m) => m.agent_id as string),
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}
