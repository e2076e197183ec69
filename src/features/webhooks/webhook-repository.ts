import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { outbox } from "../../core/db/schema";
import { columnNames, p, prepared, type Row, runBound, runOne } from "../../platform/db/statements";
import { webhookDeliveries, webhookEndpoints } from "./tables";

export interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  includeInternal: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  sessionId: string | null;
  orderKey: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  latencyMs: number | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
}

const ENDPOINT = columnNames(webhookEndpoints);
const DELIVERY = columnNames(webhookDeliveries);
const fromRow = <T>(columns: Record<string, string>, row: Row) =>
  Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, row[column]])) as T;
const toEndpoint = (row: Row): Endpoint => {
  const raw = fromRow<Endpoint & { events: string }>(ENDPOINT, row);
  return {
    ...raw,
    events: JSON.parse(raw.events) as string[],
    includeInternal: Boolean(raw.includeInternal),
    enabled: Boolean(raw.enabled),
  };
};
const toDelivery = (row: Row) => fromRow<Delivery>(DELIVERY, row);

function buildQueries(db: DrizzleD1Database) {
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

/** Endpoints and their deliveries in D1. */
export class WebhookRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /**
   * Records `events` (a JSON array) for the endpoints that want them (or only `endpointId`), and
   * removes the outbox entry `owedId` in the same transaction; answers the deliveries recorded.
   */
  async record(
    events: string,
    now: string,
    owedId: number | null,
    endpointId: string | null = null,
  ): Promise<string[]> {
    const { record, doneOwed } = this.statements;
    const result = await runBound(this.d1, {
      record: record.bind({ events, now, endpointId }),
      ...(owedId !== null && { done: doneOwed.bind({ owedId }) }),
    } as Record<"record" | "done", D1PreparedStatement>);
    return result.record.rows.map((row) => row.id as string);
  }

  async endpoints(): Promise<Endpoint[]> {
    return (await runOne(this.d1, this.statements.endpoints.bind({}))).rows.map(toEndpoint);
  }

  async endpoint(id: string): Promise<Endpoint | null> {
    const { rows } = await runOne(this.d1, this.statements.endpoint.bind({ id }));
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  async insertEndpoint(endpoint: Endpoint): Promise<void> {
    await runOne(
      this.d1,
      this.statements.insertEndpoint.bind({
        ...endpoint,
        events: JSON.stringify(endpoint.events),
        includeInternal: endpoint.includeInternal ? 1 : 0,
        enabled: endpoint.enabled ? 1 : 0,
        now: endpoint.createdAt,
      }),
    );
  }

  async updateEndpoint(
    id: string,
    change: Pick<Endpoint, "url" | "description" | "events" | "includeInternal" | "enabled">,
    now: string,
  ): Promise<Endpoint | null> {
    const { rows } = await runOne(
      this.d1,
      this.statements.updateEndpoint.bind({
        id,
        now,
        url: change.url,
        description: change.description,
        events: JSON.stringify(change.events),
        includeInternal: change.includeInternal ? 1 : 0,
        enabled: change.enabled ? 1 : 0,
      }),
    );
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  async rotate(id: string, secret: string, until: string, now: string): Promise<Endpoint | null> {
    const { rows } = await runOne(this.d1, this.statements.rotate.bind({ id, secret, until, now }));
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  /** Removes an endpoint with its delivery log; answers whether it existed. */
  async deleteEndpoint(id: string): Promise<boolean> {
    const { deleteEndpoint, deleteDeliveriesOf } = this.statements;
    const result = await runBound(this.d1, {
      deliveries: deleteDeliveriesOf.bind({ id }),
      endpoint: deleteEndpoint.bind({ id }),
    });
    return result.endpoint.rows.length === 1;
  }

  async endpointFailing(id: string, now: string): Promise<Endpoint | null> {
    const { rows } = await runOne(this.d1, this.statements.endpointFailing.bind({ id, now }));
    return rows[0] ? toEndpoint(rows[0]) : null;
  }

  async endpointHealthy(id: string): Promise<void> {
    await runOne(this.d1, this.statements.endpointHealthy.bind({ id }));
  }

  /** Disables an enabled endpoint; answers whether this call did. */
  async disableEndpoint(id: string, reason: string, now: string): Promise<boolean> {
    const { rows } = await runOne(
      this.d1,
      this.statements.disableEndpoint.bind({ id, reason, now }),
    );
    return rows.length === 1;
  }

  /** The deliveries of `ids` that exist (a queue batch's, read at once). */
  async deliveries(ids: string[]): Promise<Delivery[]> {
    const { rows } = await runOne(
      this.d1,
      this.statements.deliveries.bind({ ids: JSON.stringify(ids) }),
    );
    return rows.map(toDelivery);
  }

  /** When the session's earliest event still pending for the endpoint is due; null: none is. */
  async earlierPending(delivery: Delivery): Promise<string | null> {
    const { rows } = await runOne(
      this.d1,
      this.statements.earlierPending.bind({
        endpointId: delivery.endpointId,
        sessionId: delivery.sessionId,
        orderKey: delivery.orderKey,
      }),
    );
    return (rows[0]?.next_attempt_at as string | undefined) ?? null;
  }

  /** Records an attempt of the delivery as it was (`attempts`); answers whether it applied. */
  async attempted(
    delivery: Delivery,
    outcome: {
      status: DeliveryStatus;
      lastStatus: number | null;
      lastError: string | null;
      latencyMs: number;
      nextAttemptAt: string;
    },
    now: string,
  ): Promise<boolean> {
    const { rows } = await runOne(
      this.d1,
      this.statements.attempted.bind({
        id: delivery.id,
        attempts: delivery.attempts,
        now,
        ...outcome,
      }),
    );
    return rows.length === 1;
  }

  async markFailed(id: string): Promise<boolean> {
    return (await runOne(this.d1, this.statements.markFailed.bind({ id }))).rows.length === 1;
  }

  async replay(endpointId: string, id: string, now: string): Promise<Delivery | null> {
    const { rows } = await runOne(this.d1, this.statements.replay.bind({ endpointId, id, now }));
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async replayFailedSince(endpointId: string, since: string, now: string): Promise<Delivery[]> {
    const { rows } = await runOne(
      this.d1,
      this.statements.replayFailedSince.bind({ endpointId, since, now }),
    );
    return rows.map(toDelivery);
  }

  async log(
    endpointId: string,
    filter: { status: DeliveryStatus | null; before: string | null; limit: number },
  ): Promise<Delivery[]> {
    const { rows } = await runOne(this.d1, this.statements.log.bind({ endpointId, ...filter }));
    return rows.map(toDelivery);
  }

  async stale(before: string, limit: number): Promise<Delivery[]> {
    const { rows } = await runOne(this.d1, this.statements.stale.bind({ before, limit }));
    return rows.map(toDelivery);
  }
}
