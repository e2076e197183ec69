import { prepared, runBound, runOne } from "../../platform/db/statements";
import {
  type Delivery,
  type DeliveryStatus,
  type Endpoint,
  toDelivery,
  toEndpoint,
} from "./webhook-rows";
import { webhookQueryBuilder } from "./webhook-sql";

/** Endpoints and their deliveries in D1. */
export class WebhookRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, webhookQueryBuilder);
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
