import { DurableObject } from "cloudflare:workers";
import { type Services, servicesFor } from "../../services-for";

/** When a writing isolate last said it writes (ms). */
const ARMED_AT = "armed-at";
/** How often it sweeps while writes happen, and after the last one for BUSY_FOR_MS. */
const SWEEP_EVERY_MS = 2_000;
const BUSY_FOR_MS = 10 * 60_000;
/** How often it sweeps when nothing has been written for a while (a crash may still have left some). */
const IDLE_SWEEP_EVERY_MS = 60_000;

/**
 * The outbox's watch (one for the service): its alarm finishes what writers left in the outbox
 * (src/features/outbox/outbox-service.ts). Every few seconds while writes happen (isolates that write arm
 * it every half minute), every minute otherwise; an alarm is kept across restarts and deploys, so a
 * process killed after its write is followed up by this one.
 */
export class OutboxSweeper extends DurableObject<Env> {
  private readonly services: Services;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesFor(env);
  }

  /** Writes are happening: sweep often for a while. */
  async arm(): Promise<void> {
    this.ctx.storage.kv.put(ARMED_AT, Date.now());
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
    }
  }

  override async alarm(): Promise<void> {
    try {
      await this.services.outbox.sweep();
      await this.services.webhookDeliveries.sweep();
    } finally {
      const armedAt = this.ctx.storage.kv.get<number>(ARMED_AT) ?? 0;
      const busy = Date.now() - armedAt < BUSY_FOR_MS;
      await this.ctx.storage.setAlarm(Date.now() + (busy ? SWEEP_EVERY_MS : IDLE_SWEEP_EVERY_MS));
    }
  }
}
