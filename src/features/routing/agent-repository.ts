import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { agents, teamMembers } from "../../core/db/schema";
import { p, prepared, type Row, runOne } from "../../platform/db/statements";
import { capacityOf, heldBy } from "./assignment-rules";
import type { ChosenAvailability } from "./domain";

export interface AgentRecord {
  id: string;
  name: string | null;
  capacity: number | null;
  chosenStatus: ChosenAvailability;
  connected: boolean;
  statusChangedAt: string | null;
  lastAssignedAt: string | null;
  skills: string[];
  /** Sessions they hold now. */
  assigned: number;
  teams: string[];
}

/** An agent's row, created on first use; `set` says what changes on an existing one. */
const upsert = (db: DrizzleD1Database, set: Record<string, ReturnType<typeof sql>>) =>
  db
    .insert(agents)
    .values({ id: p("agentId"), displayName: p("name"), updatedAt: p("timestamp"), ...set })
    .onConflictDoUpdate({
      target: agents.id,
      set: {
        ...Object.fromEntries(
          Object.keys(set).map((key) => [key, sql.raw(`excluded.${column(key)}`)]),
        ),
        displayName: sql`coalesce(excluded.display_name, ${agents.displayName})`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .toSQL();

const COLUMNS: Record<string, string> = {
  capacity: "capacity",
  chosenStatus: "chosen_status",
  connected: "connected",
  statusChangedAt: "status_changed_at",
  skills: "skills",
};
const column = (key: string) => COLUMNS[key] as string;

function buildQueries(db: DrizzleD1Database) {
  return {
    load: db
      .select({
        assigned: sql<number>`${heldBy(sql`${p("agentId")}`)}`.as("assigned"),
        capacity: sql<number>`${capacityOf(sql`${p("agentId")}`)}`.as("capacity"),
      })
      .from(sql`(select 1)`)
      .toSQL(),
    setCapacity: upsert(db, { capacity: sql`${p("capacity")}` }),
    setChosen: upsert(db, {
      chosenStatus: sql`${p("status")}`,
      statusChangedAt: sql`${p("timestamp")}`,
    }),
    setConnected: upsert(db, {
      connected: sql`${p("connected")}`,
      statusChangedAt: sql`${p("timestamp")}`,
    }),
    setSkills: upsert(db, { skills: sql`${p("skills")}` }),
    list: listing(db).toSQL(),
    one: listing(db)
      .where(eq(agents.id, p("agentId")))
      .toSQL(),
    othersThan: listing(db)
      .where(ne(agents.id, p("exclude")))
      .toSQL(),
    anyOnline: db
      .select({
        online: sql<number>`exists (select 1 from ${agents} where ${agents.connected} = 1
          and ${agents.chosenStatus} = 'online' and (${p("teamId")} is null or exists (
            select 1 from ${teamMembers} where ${teamMembers.agentId} = ${agents.id}
              and ${teamMembers.teamId} = ${p("teamId")})))`.as("online"),
      })
      .from(sql`(select 1)`)
      .toSQL(),
    membersBut: membersOf(db)
      .where(and(eq(teamMembers.teamId, p("teamId")), ne(teamMembers.agentId, p("exclude"))))
      .toSQL(),
  };
}

/** What a held-sessions count and a teams list say of the agent whose id is `idColumn` (SQL). */
const heldAndTeams = (idColumn: string) => ({
  // Qualified by hand: inside a subquery an unqualified "id" would be the inner table's.
  assigned: sql<number>`${heldBy(sql.raw(idColumn))}`.as("assigned"),
  teams:
    sql<string>`(select json_group_array(${teamMembers.teamId}) from ${teamMembers} where ${sql.raw(`"team_members"."agent_id" = ${idColumn}`)})`.as(
      "teams",
    ),
});

/** Agents with what they hold and the teams they are in. */
function listing(db: DrizzleD1Database) {
  return db
    .select({ agent: agents, ...heldAndTeams('"agents"."id"') })
    .from(agents)
    .orderBy(asc(agents.id));
}

/**
 * A team's members as agents: those without a row of their own yet (added to a team by hand, never
 * connected) have the defaults.
 */
function membersOf(db: DrizzleD1Database) {
  const orDefault = <T>(column: unknown, fallback: T) => sql<T>`coalesce(${column}, ${fallback})`;
  return db
    .select({
      id: sql<string>`${teamMembers.agentId}`.as("id"),
      display_name: agents.displayName,
      capacity: agents.capacity,
      chosen_status: orDefault(agents.chosenStatus, "online").as("chosen_status"),
      connected: orDefault(agents.connected, 0).as("connected"),
      status_changed_at: agents.statusChangedAt,
      last_assigned_at: agents.lastAssignedAt,
      skills: orDefault(agents.skills, "[]").as("skills"),
      ...heldAndTeams('"team_members"."agent_id"'),
    })
    .from(teamMembers)
    .leftJoin(agents, eq(agents.id, teamMembers.agentId))
    .orderBy(asc(teamMembers.agentId));
}

/** Agents' settings and availability; an agent without a row has the configured defaults. */
export class AgentRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** How many sessions the agent holds, and how many they may hold. */
  async load(agentId: string, defaultCapacity: number) {
    const { rows } = await runOne(this.d1, this.statements.load.bind({ agentId, defaultCapacity }));
    return { assigned: Number(rows[0]?.assigned ?? 0), capacity: Number(rows[0]?.capacity) };
  }

  async setCapacity(agentId: string, capacity: number, timestamp: string): Promise<void> {
    await this.write("setCapacity", { agentId, capacity, timestamp, name: null });
  }

  /** What the agent chose: online or away. */
  async setChosen(
    agentId: string,
    name: string | null,
    status: ChosenAvailability,
    timestamp: string,
  ) {
    await this.write("setChosen", { agentId, name, status, timestamp });
  }

  /** Whether a console of theirs is connected (from their presence object). */
  async setConnected(agentId: string, name: string | null, connected: boolean, timestamp: string) {
    await this.write("setConnected", { agentId, name, connected: connected ? 1 : 0, timestamp });
  }

  async setSkills(agentId: string, skills: string[], timestamp: string): Promise<void> {
    await this.write("setSkills", {
      agentId,
      name: null,
      skills: JSON.stringify(skills),
      timestamp,
    });
  }

  async get(agentId: string): Promise<AgentRecord | null> {
    const { rows } = await runOne(this.d1, this.statements.one.bind({ agentId }));
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async list(): Promise<AgentRecord[]> {
    const { rows } = await runOne(this.d1, this.statements.list.bind({}));
    return rows.map(toAgent);
  }

  /**
   * Whether a member of the team (any agent, for no team) has a console connected and chose online:
   * someone could answer now.
   */
  async anyOnline(teamId: string | null): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.anyOnline.bind({ teamId }));
    return Boolean(rows[0]?.online);
  }

  /**
   * Who could take a session over from `exclude` (its assignee, or null): the members of its team,
   * or, for a session in no team, every agent known.
   */
  async candidates(teamId: string | null, exclude: string | null): Promise<AgentRecord[]> {
    // Agent ids are never empty: "" excludes nobody.
    const values = { teamId, exclude: exclude ?? "" };
    const statement = teamId ? this.statements.membersBut : this.statements.othersThan;
    const { rows } = await runOne(this.d1, statement.bind(values));
    return rows.map(toAgent);
  }

  private async write(
    statement: "setCapacity" | "setChosen" | "setConnected" | "setSkills",
    values: Record<string, string | number | null>,
  ) {
    await runOne(this.d1, this.statements[statement].bind(values));
  }
}

function toAgent(row: Row): AgentRecord {
  return {
    id: row.id as string,
    name: row.display_name as string | null,
    capacity: row.capacity as number | null,
    chosenStatus: row.chosen_status as ChosenAvailability,
    connected: Boolean(row.connected),
    statusChangedAt: row.status_changed_at as string | null,
    lastAssignedAt: row.last_assigned_at as string | null,
    skills: JSON.parse(row.skills as string) as string[],
    assigned: Number(row.assigned),
    teams: JSON.parse(row.teams as string) as string[],
  };
}
