import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import type { WebhookConfig } from "../../platform/config/webhooks";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import type { EventRecorder } from "./event-recorder";
import { testEvent } from "./events";
import { newSecret } from "./signature";
import { type HostResolver, refusal } from "./url-guard";
import type { WebhookRepository } from "./webhook-repository";
import type { Delivery, DeliveryStatus, Endpoint } from "./webhook-rows";

export interface EndpointInput {
  url: string;
  description?: string | null;
  events?: string[];
  includeInternal?: boolean;
  enabled?: boolean;
}

/**
 * Webhook endpoints, for admins: where events go, which, signed with which secret (shown once, at
 * creation and at each rotation); their delivery log, replays and test events.
 */
export class EndpointService {
  constructor(
    private readonly deps: {
      repository: WebhookRepository;
      recorder: Pick<EventRecorder, "recordEvents" | "enqueue">;
      settings: AccessPolicy & { webhooks: WebhookConfig };
      resolve?: HostResolver;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  async list(actor: Actor): Promise<Endpoint[]> {
    this.authorize(actor);
    return this.deps.repository.endpoints();
  }

  async get(actor: Actor, id: string): Promise<Endpoint> {
    this.authorize(actor);
    return this.found(await this.deps.repository.endpoint(id), id);
  }

  /** A new endpoint, with its secret (the only time it is shown, with each rotation's). */
  async create(actor: Actor, input: EndpointInput): Promise<Endpoint> {
    this.authorize(actor);
    await this.checkUrl(input.url);
    const now = this.deps.clock().toISOString();
    const endpoint: Endpoint = {
      id: `ep_${this.deps.newId().replaceAll("-", "")}`,
      url: input.url,
      description: input.description ?? null,
      events: input.events ?? [],
      includeInternal: input.includeInternal ?? false,
      secret: newSecret(),
      previousSecret: null,
      previousSecretUntil: null,
      enabled: input.enabled ?? true,
      disabledReason: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repository.insertEndpoint(endpoint);
    return endpoint;
  }

  /** Changes an endpoint; enabling one clears why the service had disabled it. */
  async update(actor: Actor, id: string, input: EndpointInput): Promise<Endpoint> {
    this.authorize(actor);
    const current = this.found(await this.deps.repository.endpoint(id), id);
    if (input.url !== current.url) await this.checkUrl(input.url);
    const updated = await this.deps.repository.updateEndpoint(
      id,
      {
        url: input.url,
        description: input.description ?? current.description,
        events: input.events ?? current.events,
        includeInternal: input.includeInternal ?? current.includeInternal,
        enabled: input.enabled ?? current.enabled,
      },
      this.deps.clock().toISOString(),
    );
    return this.found(updated, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.authorize(actor);
    if (!(await this.deps.repository.deleteEndpoint(id))) throw this.notFound(id);
  }

  /**
   * A new secret; the previous one goes on signing too for WEBHOOK_SECRET_OVERLAP_HOURS, so that a
   * receiver can switch to the new one in its own time.
   */
  async rotate(actor: Actor, id: string): Promise<Endpoint> {
    this.authorize(actor);
    const now = this.deps.clock();
    const until = new Date(
      now.getTime() + this.deps.settings.webhooks.secretOverlapHours * 3_600_000,
    );
    const rotated = await this.deps.repository.rotate(
      id,
      newSecret(),
      until.toISOString(),
      now.toISOString(),
    );
    return this.found(rotated, id);
  }

  /** Sends a `webhook.test` event to an enabled endpoint, through the queue like any other. */
  async sendTest(actor: Actor, id: string): Promise<Delivery> {
    this.authorize(actor);
    const endpoint = this.found(await this.deps.repository.endpoint(id), id);
    if (!endpoint.enabled) throw new ConflictError("This endpoint is disabled: enable it first.");
    const now = this.deps.clock().toISOString();
    const event = testEvent(id, now, `evt_${this.deps.newId().replaceAll("-", "")}`);
    const [delivery] = await this.deps.recorder.recordEvents([event], now, null, id);
    const [recorded] = delivery ? await this.deps.repository.deliveries([delivery]) : [];
    if (!recorded) throw this.notFound(id);
    return recorded;
  }

  async deliveries(
    actor: Actor,
    id: string,
    filter: { status: DeliveryStatus | null; before: string | null; limit: number },
  ): Promise<Delivery[]> {
    this.authorize(actor);
    this.found(await this.deps.repository.endpoint(id), id);
    return this.deps.repository.log(id, filter);
  }

  /** Tries one delivery again from its first try (whatever it came to). */
  async replay(actor: Actor, endpointId: string, deliveryId: string): Promise<Delivery> {
    this.authorize(actor);
    const now = this.deps.clock().toISOString();
    const replayed = await this.deps.repository.replay(endpointId, deliveryId, now);
    if (!replayed)
      throw new NotFoundError(`Delivery ${deliveryId} of ${endpointId} does not exist.`);
    await this.deps.recorder.enqueue([replayed.id]);
    return replayed;
  }

  /** Tries again every delivery of the endpoint that failed, of events since `since`. */
  async replayFailed(actor: Actor, endpointId: string, since: string): Promise<Delivery[]> {
    this.authorize(actor);
    this.found(await this.deps.repository.endpoint(endpointId), endpointId);
    const now = this.deps.clock().toISOString();
    const replayed = await this.deps.repository.replayFailedSince(endpointId, since, now);
    await this.deps.recorder.enqueue(replayed.map((delivery) => delivery.id));
    return replayed;
  }

  private async checkUrl(raw: string): Promise<void> {
    const url = new URL(raw);
    const why = await refusal(url, {
      development: this.deps.settings.webhooks.allowHttp,
      resolve: this.deps.resolve,
    });
    if (why)
      throw new ValidationError(`This URL cannot receive webhooks: it ${why}.`, [
        { path: "body.url", message: why },
      ]);
  }

  private authorize(actor: Actor) {
    authorizeUser(actor, "webhook:manage", this.deps.settings);
  }

  private found<T>(value: T | null, id: string): T {
    if (!value) throw this.notFound(id);
    return value;
  }

  private notFound(id: string) {
    return new NotFoundError(`Webhook endpoint ${id} does not exist.`);
  }
}
