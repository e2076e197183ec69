import { sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { chatSessions as s } from "../../core/db/schema";
import { guard, type Row } from "../../platform/db/statements";
import { labels as l, sessionLabels as sl } from "../labels";
import type { LabelFigures } from "./figures";

/**
 * Per label, over [from, to): sessions started, resolved and abandoned, seconds to resolution
 * (nearest-rank median and p90), and the ratings; a session counts for each label it carries.
 * Found through the label index, then each session by its key.
 */
export async function labelFigures(
  db: DrizzleD1Database,
  from: string,
  to: string,
): Promise<LabelFigures[]> {
  const created = sql`${s.createdAt} >= ${from} and ${s.createdAt} < ${to}`;
  const resolvedIn = sql`${s.resolvedAt} >= ${from} and ${s.resolvedAt} < ${to}`;
  const counts = sql`
    select ${sl.labelId} as label, max(${l.name}) as name, max(${l.colour}) as colour,
      sum(case when ${created} then 1 else 0 end) as started,
      sum(case when ${resolvedIn} and ${s.outcome} = 'resolved' then 1 else 0 end) as resolved,
      sum(case when ${resolvedIn} and ${s.outcome} = 'abandoned' then 1 else 0 end) as abandoned,
      avg(case when ${resolvedIn} then ${s.rating} end) as average_rating,
      count(case when ${resolvedIn} then ${s.rating} end) as ratings
    from ${l} join ${sl} on ${sl.labelId} = ${l.id} join ${s} on ${s.id} = ${sl.sessionId}
    where (${created}) or (${resolvedIn})
    group by ${sl.labelId}`;
  const resolution = sql`
    with v as (
      select ${sl.labelId} as label,
        round((julianday(${s.resolvedAt}) - julianday(${s.createdAt})) * 86400.0, 3) as x
      from ${l} join ${sl} on ${sl.labelId} = ${l.id} join ${s} on ${s.id} = ${sl.sessionId}
      where ${resolvedIn} and ${s.outcome} = 'resolved'
    ), ranked as (
      select label, x, row_number() over (partition by label order by x) as rn,
        count(*) over (partition by label) as n
      from v
    )
    select label,
      max(case when rn = (n * 50 + 99) / 100 then x end) as median,
      max(case when rn = (n * 90 + 99) / 100 then x end) as p90,
      count(*) as count
    from ranked group by label`;
  const [rows, times] = await guard(() =>
    Promise.all([db.all<Row>(counts), db.all<Row>(resolution)]),
  );
  return rows
    .map((row) => {
      const time = times.find((t) => t.label === row.label);
      return {
        labelId: row.label as string,
        name: row.name as string,
        colour: row.colour as string,
        started: Number(row.started ?? 0),
        resolved: Number(row.resolved ?? 0),
        abandoned: Number(row.abandoned ?? 0),
        resolution: {
          median: (time?.median as number | null) ?? null,
          p90: (time?.p90 as number | null) ?? null,
          count: Number(time?.count ?? 0),
        },
        averageRating: (row.average_rating as number | null) ?? null,
        ratings: Number(row.ratings ?? 0),
      };
    })
    .sort((a, b) => b.started - a.started || a.name.localeCompare(b.name));
}
