import { type SQL, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import {
  agents,
  chatSessions as s,
  sessionParticipants as sp,
  teams as t,
} from "../../core/db/schema";
import { guard, type Row } from "../../platform/db/statements";
import type {
  AgentFigures,
  BotFigures,
  DurationStats,
  Figures,
  LabelFigures,
  ServiceLevelFigures,
  TeamFigures,
} from "./figures";
import { labelFigures } from "./label-figures";

/**
 * Support figures over [from, to), computed in SQL over indexed columns (created_at, resolved_at),
 * never by loading sessions into the Worker. Percentiles are nearest-rank: the value at rank
 * ceil(p * n) of the sorted values.
 */
export class AnalyticsRepository {
  private readonly db: DrizzleD1Database;

  constructor(d1: D1Database) {
    this.db = drizzle(d1);
  }

  async summary(
    from: string,
    to: string,
  ): Promise<{
    team: Figures;
    agents: AgentFigures[];
    teams: TeamFigures[];
    labels: LabelFigures[];
    bot: BotFigures;
  }> {
    const created = sql`${s.createdAt} >= ${from} and ${s.createdAt} < ${to}`;
    const resolvedIn = sql`${s.resolvedAt} >= ${from} and ${s.resolvedAt} < ${to}`;
    const handedOff = sql`${s.handoffAt} >= ${from} and ${s.handoffAt} < ${to}`;
    const botAlone = sql`${s.startedWithBot} = 1 and ${s.handoffAt} is null and ${s.assignedAt} is null`;
    const botCounts = sql`
      select
        sum(case when ${created} and ${s.startedWithBot} = 1 then 1 else 0 end) as sessions,
        sum(case when ${created} and ${botAlone} and ${s.resolvedAt} is not null then 1 else 0 end) as contained,
        sum(case when ${handedOff} then 1 else 0 end) as handoffs,
        sum(case when ${created} then ${s.botReplies} else 0 end) as replies,
        avg(case when ${resolvedIn} and ${botAlone} then ${s.rating} end) as rating_bot_only,
        avg(case when ${resolvedIn} and ${s.assignedAt} is not null then ${s.rating} end) as rating_with_person
      from ${s}
      where (${created}) or (${resolvedIn}) or (${handedOff})`;
    const handoffReasons = sql`
      select ${s.handoffReason} as reason, count(*) as n from ${s}
      where ${handedOff} group by ${s.handoffReason}`;
    const seconds = (end: SQL) =>
      sql`round((julianday(${end}) - julianday(${s.createdAt})) * 86400.0, 3)`;
    // An agent's name as the sessions knew it, else as the agents table knows it.
    const nameOf = (id: string, known: SQL) =>
      sql`coalesce(${known}, (select ${agents.displayName} from ${agents} where ${sql.raw(`"agents"."id" = ${id}`)}))`;
    const counts = (group: boolean) => sql`
      select ${group ? sql`${s.assigneeId} as agent, ${nameOf('"chat_sessions"."assignee_id"', sql`max(${s.assigneeName})`)} as name,` : sql`null as agent, null as name,`}
        sum(case when ${created} then 1 else 0 end) as started,
        sum(case when ${resolvedIn} and ${s.outcome} = 'resolved' then 1 else 0 end) as resolved,
        sum(case when ${resolvedIn} and ${s.outcome} = 'abandoned' then 1 else 0 end) as abandoned,
        avg(case when ${resolvedIn} then ${s.rating} end) as average_rating,
        count(case when ${resolvedIn} then ${s.rating} end) as ratings
      from ${s}
      where ((${created}) or (${resolvedIn}))${group ? sql` and ${s.assigneeId} is not null group by ${s.assigneeId}` : sql``}`;
    // Overall (agent null) and per key (the assignee, or the team).
    const percentiles = (value: SQL, where: SQL, key: SQL = sql`${s.assigneeId}`) => sql`
      with v as (
        select ${key} as agent, ${value} as x from ${s} where ${where}
      ), ranked as (
        select agent, x,
          row_number() over (order by x) as rn, count(*) over () as n,
          row_number() over (partition by agent order by x) as arn,
          count(*) over (partition by agent) as an
        from v
      )
      select null as agent,
        max(case when rn = (n * 50 + 99) / 100 then x end) as median,
        max(case when rn = (n * 90 + 99) / 100 then x end) as p90,
        count(*) as count
      from ranked
      union all
      select agent,
        max(case when arn = (an * 50 + 99) / 100 then x end),
        max(case when arn = (an * 90 + 99) / 100 then x end),
        count(*)
      from ranked where agent is not null group by agent`;

    // Service levels, over sessions started in the range in a team that has targets.
    const targeted = sql`${created} and ${s.teamId} in (select ${t.id} from ${t} where ${t.serviceLevels} != '{}')`;
    const levels = (key: SQL) => sql`
      select ${key} as key,
        sum(case when ${s.firstResponseAt} is not null or ${s.slaBreachedAt} is not null then 1 else 0 end) as measured,
        sum(case when ${s.slaBreachedAt} is not null then 1 else 0 end) as breached
      from ${s} where ${targeted} and ${key} is not null group by ${key}`;
    const teamCounts = sql`
      select ${s.teamId} as key, count(*) as started from ${s}
      where ${created} and ${s.teamId} is not null group by ${s.teamId}`;
    const assignments = sql`
      select ${sp.participantId} as key, count(*) as n,
        ${nameOf('"session_participants"."participant_id"', sql`max(${sp.displayName})`)} as name
      from ${sp}
      where ${sp.role} in ('service_agent', 'supervisor') and ${sp.joinedAt} >= ${from} and ${sp.joinedAt} < ${to}
      group by ${sp.participantId}`;

    const [
      team,
      byAgent,
      firstResponse,
      resolution,
      bot,
      reasons,
      toHandoff,
      byTeam,
      teamFirstResponse,
      teamLevels,
      agentLevels,
      given,
      labels,
    ] = await guard(() =>
      Promise.all([
        this.db.all<Row>(counts(false)),
        this.db.all<Row>(counts(true)),
        this.db.all<Row>(
          percentiles(
            seconds(sql`${s.firstResponseAt}`),
            sql`${created} and ${s.firstResponseAt} is not null`,
          ),
        ),
        this.db.all<Row>(
          percentiles(
            seconds(sql`${s.resolvedAt}`),
            sql`${resolvedIn} and ${s.outcome} = 'resolved'`,
          ),
        ),
        this.db.all<Row>(botCounts),
        this.db.all<Row>(handoffReasons),
        this.db.all<Row>(percentiles(seconds(sql`${s.handoffAt}`), handedOff)),
        this.db.all<Row>(teamCounts),
        this.db.all<Row>(
          percentiles(
            seconds(sql`${s.firstResponseAt}`),
            sql`${created} and ${s.firstResponseAt} is not null`,
            sql`${s.teamId}`,
          ),
        ),
        this.db.all<Row>(levels(sql`${s.teamId}`)),
        this.db.all<Row>(levels(sql`${s.assigneeId}`)),
        this.db.all<Row>(assignments),
        labelFigures(this.db, from, to),
      ]),
    );
    const serviceLevels = (rows: Row[], key: string): ServiceLevelFigures => {
      const row = rows.find((r) => r.key === key);
      const measured = Number(row?.measured ?? 0);
      const breached = Number(row?.breached ?? 0);
      return { measured, breached, attainment: measured ? (measured - breached) / measured : null };
    };
    const assignmentsOf = (agent: string) => Number(given.find((r) => r.key === agent)?.n ?? 0);
    // Agents given sessions in the range appear even if none of theirs started or ended in it.
    const agentRows = [
      ...byAgent,
      ...given
        .filter((g) => !byAgent.some((row) => row.agent === g.key))
        .map((g) => ({ agent: g.key, name: g.name })),
    ];
    const stats = (rows: Row[], agent: string | null): DurationStats => {
      const row = rows.find((r) => (r.agent ?? null) === agent);
      return {
        median: (row?.median as number | null) ?? null,
        p90: (row?.p90 as number | null) ?? null,
        count: Number(row?.count ?? 0),
      };
    };
    const figures = (row: Row | undefined, agent: string | null): Figures => ({
      started: Number(row?.started ?? 0),
      resolved: Number(row?.resolved ?? 0),
      abandoned: Number(row?.abandoned ?? 0),
      firstResponse: stats(firstResponse, agent),
      resolution: stats(resolution, agent),
      averageRating: (row?.average_rating as number | null) ?? null,
      ratings: Number(row?.ratings ?? 0),
    });
    const botRow = bot[0];
    const sessions = Number(botRow?.sessions ?? 0);
    const contained = Number(botRow?.contained ?? 0);
    return {
      bot: {
        sessions,
        contained,
        containment: sessions ? contained / sessions : null,
        handoffs: Number(botRow?.handoffs ?? 0),
        handoffsByReason: Object.fromEntries(reasons.map((r) => [String(r.reason), Number(r.n)])),
        timeToHandoff: stats(toHandoff, null),
        replies: Number(botRow?.replies ?? 0),
        averageRatingBotOnly: (botRow?.rating_bot_only as number | null) ?? null,
        averageRatingWithPerson: (botRow?.rating_with_person as number | null) ?? null,
      },
      team: figures(team[0], null),
      agents: agentRows.map((row) => ({
        agentId: row.agent as string,
        agentName: row.name as string | null,
        ...figures(row, row.agent as string),
        assignments: assignmentsOf(row.agent as string),
        serviceLevels: serviceLevels(agentLevels, row.agent as string),
      })),
      teams: byTeam.map((row) => ({
        teamId: row.key as string,
        started: Number(row.started),
        firstResponse: stats(teamFirstResponse, row.key as string),
        serviceLevels: serviceLevels(teamLevels, row.key as string),
      })),
      labels,
    };
  }
}
