import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { outbox } from "../../core/db/schema";
import { p } from "../../platform/db/statements";
import { webhookDeliveries, webhookEndpoints } from "./tables";

/** The repository's queries, compiled once per isolate: their SQL depends on the schema only. */
export function webhookQueryBuilder(db: DrizzleD1Database) {
  const d = webhookDeliveries;
  const e = webhookEndpoints;
  const event = (field: string) => sql.raw(`ev.value ->> '${field}'`);
  // What it asked for; a test event reaches whichever endpoint it is sent to.
  const wanted = sql`(${e.events} = '[]' or ${event("type")} = 'webhook.test' or exists (select 1 from json_each(${e.events}) as t where t.value = ${event("type")}))`;
  return {
    // The write's events, for every enabled endpoint that wants each (an event already recorded
    // for an endpoint is not recorded again), in the batch that removes its outbox entry.
    record: db
      .insert(d)
      .select(
        db
          .select({
            id: sql<string>`${event("id")} || ':' || ${e.id}`.as("id"),
            eventId: sql<string>`${event("id")}`.as("event_id"),
            endpointId: sql<string>`${e.id}`.as("endpoint_id"),
            eventType: sql<string>`${event("type")}`.as("event_type"),
            sessionId: sql<string | null>`${event("sessionId")}`.as("session_id"),
            orderKey: sql<string>`${event("orderKey")}`.as("order_key"),
            payload: sql<string>`${event("payload")}`.as("payload"),
            status: sql<string>`'pending'`.as("status"),
            attempts: sql<number>`0`.as("attempts"),
            lastStatus: sql<null>`null`.as("last_status"),
            lastError: sql<null>`null`.as("last_error"),
            lastAttemptAt: sql<null>`null`.as("last_attempt_at"),
            latencyMs: sql<null>`null`.as("latency_ms"),
            nextAttemptAt: sql<string>`${p("now")}`.as("next_attempt_at"),
            createdAt: sql<string>`${p("now")}`.as("created_at"),
            deliveredAt: sql<null>`null`.as("delivered_at"),
          })
          .from(sql`json_each(${p("events")}) as ev`)
          .innerJoin(e, sql`${e.enabled} = 1`)
          .where(
            and(
              wanted,
              sql`(${event("internal")} = 0 or ${e.includeInternal} = 1)`,
              sql`(${p("endpointId")} is null or ${e.id} = ${p("endpointId")})`,
            ),
          ),
      )
      .onConflictDoNothing()
      .returning({ id: d.id })
      .toSQL(),
    doneOwed: db
      .delete(outbox)
      .where(eq(outbox.id, p("owedId")))
      .toSQL(),
    endpoints: db.select().from(e).orderBy(asc(e.createdAt)).toSQL(),
    endpoint: db
      .select()
      .from(e)
      .where(eq(e.id, p("id")))
      .toSQL(),
    insertEndpoint: db
      .insert(e)
      .values({
        id: p("id"),
        url: p("url"),
        description: p("description"),
        events: p("events"),
        includeInternal: p("includeInternal"),
        secret: p("secret"),
        enabled: p("enabled"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .toSQL(),
    updateEndpoint: db
      .update(e)
      .set({
        url: sql`${p("url")}`,
        description: sql`${p("description")}`,
        events: sql`${p("events")}`,
        includeInternal: sql`${p("includeInternal")}`,
        enabled: sql`${p("enabled")}`,
        disabledReason: sql`case when ${p("enabled")} = 1 then null else ${e.disabledReason} end`,
        failingSince: sql`case when ${p("enabled")} = 1 then null else ${e.failingSince} end`,
        updatedAt: sql`${p("now")}`,
      })
      .where(eq(e.id, p("id")))
      .returning()
      .toSQL(),
    rotate: db
      .update(e)
      .set({
        previousSecret: e.secret,
        previousSecretUntil: sql`${p("until")}`,
        secret: sql`${p("secret")}`,
        updatedAt: sql`${p("now")}`,
      })
      .where(eq(e.id, p("id")))
      .returning()
      .toSQL(),
    deleteEndpoint: db
      .delete(e)
      .where(eq(e.id, p("id")))
      .returning({ id: e.id })
      .toSQL(),
    deleteDeliveriesOf: db
      .delete(d)
      .where(eq(d.endpointId, p("id")))
      .toSQL(),
    // The service's own verdict on an endpoint: failing since (kept if already), healthy, disabled.
    endpointFailing: db
      .update(e)
      .set({ failingSince: sql`coalesce(${e.failingSince}, ${p("now")})` })
      .where(eq(e.id, p("id")))
      .returning()
      .toSQL(),
    endpointHealthy: db
      .update(e)
      .set({ failingSince: sql`null` })
      .where(and(eq(e.id, p("id")), sql`${e.failingSince} is not null`))
      .toSQL(),
    disableEndpoint: db
      .update(e)
      .set({
        enabled: sql`0`,
        disabledReason: sql`${p("reason")}`,
        updatedAt: sql`${p("now")}`,
      })
      .where(and(eq(e.id, p("id")), eq(e.enabled, true)))
      .returning({ id: e.id })
      .toSQL(),
    deliveries: db
      .select()
      .from(d)
      .where(inArray(d.id, sql`(select value from json_each(${p("ids")}))`))
      .toSQL(),
    // An earlier event of the same session for the same endpoint, not delivered yet.
    earlierPending: db
      .select({ nextAttemptAt: d.nextAttemptAt })
      .from(d)
      .where(
        and(
          eq(d.endpointId, p("endpointId")),
          eq(d.sessionId, p("sessionId")),
          eq(d.status, "pending"),
          lt(d.orderKey, p("orderKey")),
        ),
      )
      .orderBy(asc(d.orderKey))
      .limit(1)
      .toSQL(),
    attempted: db
      .update(d)
      .set({
        status: sql`${p("status")}`,
        attempts: sql`${d.attempts} + 1`,
        lastStatus: sql`${p("lastStatus")}`,
        lastError: sql`${p("lastError")}`,
        lastAttemptAt: sql`${p("now")}`,
        latencyMs: sql`${p("latencyMs")}`,
        nextAttemptAt: sql`${p("nextAttemptAt")}`,
        deliveredAt: sql`case when ${p("status")} = 'delivered' then ${p("now")} else null end`,
      })
      // Only the attempt it was: a replay or another copy of the message may have moved it on.
      .where(and(eq(d.id, p("id")), eq(d.attempts, p("attempts")), eq(d.status, "pending")))
      .returning({ id: d.id })
      .toSQL(),
    markFailed: db
      .update(d)
      .set({ status: sql`'failed'` })
      .where(and(eq(d.id, p("id")), eq(d.status, "pending")))
      .returning({ id: d.id })
      .toSQL(),
    // A replay: back to pending, from its first try again.
    replay: db
      .update(d)
      .set({ status: sql`'pending'`, attempts: sql`0`, nextAttemptAt: sql`${p("now")}` })
      .where(and(eq(d.id, p("id")), eq(d.endpointId, p("endpointId"))))
      .returning()
      .toSQL(),
    replayFailedSince: db
      .update(d)
      .set({ status: sql`'pending'`, attempts: sql`0`, nextAttemptAt: sql`${p("now")}` })
      .where(
        and(
          eq(d.endpointId, p("endpointId")),
          eq(d.status, "failed"),
          gte(d.createdAt, p("since")),
        ),
      )
      .returning()
      .toSQL(),
    log: db
      .select()
      .from(d)
      .where(
        and(
          eq(d.endpointId, p("endpointId")),
          sql`(${p("status")} is null or ${d.status} = ${p("status")})`,
          // After the delivery `before` in the log's order (time, then id): no page skips a row.
          sql`(${p("before")} is null or (${d.createdAt}, ${d.id}) < (select created_at, id from ${d} as b where b.id = ${p("before")}))`,
        ),
      )
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(p("limit"))
      .toSQL(),
    // Pending, due long ago, and no queue message seen about it since: its enqueue was lost.
    stale: db
      .select()
      .from(d)
      .where(and(eq(d.status, "pending"), lt(d.nextAttemptAt, p("before"))))
      .orderBy(asc(d.nextAttemptAt))
      .limit(p("limit"))
      .toSQL(),
  };
}
