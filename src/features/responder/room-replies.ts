import { armAlarm } from "../../platform/alarms";
import type { Logger } from "../../platform/logger";
import type { ReplyProgress } from "./reply-drafts";
import type { ResponderService } from "./responder-service";

/** The storage key of a reply the room owes (the session id): the alarm answers it after a restart. */
const PENDING_REPLY = "pending-reply";
/** How long past the model's budget the alarm waits before it checks on a reply. */
const WATCHDOG_MS = 5_000;

/**
 * A session room's turns of the AI first responder: one at a time, apart from the room's deliveries
 * (which never wait for a model). While a reply is owed the room's storage says so and its alarm
 * stands guard: a room restarted mid-answer answers what is left when the alarm rings (the responder
 * answers only messages without a reply, so nothing is answered twice).
 */
export class RoomReplies {
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly deps: {
      responder: Pick<ResponderService, "respond">;
      logger: Logger;
      /** The model's budget (AI_TIMEOUT_MS). */
      timeoutMs: number;
    },
    /** Shows the sockets that the bot is thinking, and its reply as it is written. */
    private readonly progress: ReplyProgress,
  ) {}

  /** Queues the responder for the session; this does not wait for the answer. */
  async schedule(sessionId: string): Promise<void> {
    this.ctx.storage.kv.put(PENDING_REPLY, sessionId);
    await armAlarm(this.ctx, Date.now() + this.budgetMs());
    this.queued++;
    const run = this.chain.then(() => this.deps.responder.respond(sessionId, this.progress));
    this.chain = run
      .catch((error) => this.deps.logger.error("responder failed", { error: String(error) }))
      .finally(() => {
        if (--this.queued === 0) this.ctx.storage.kv.delete(PENDING_REPLY);
      });
  }

  /** The alarm rang: answer what is owed if nothing is answering it, else look again later. */
  async onAlarm(): Promise<void> {
    const owed = this.ctx.storage.kv.get<string>(PENDING_REPLY);
    if (!owed) return;
    if (this.queued === 0) await this.schedule(owed);
    else await armAlarm(this.ctx, Date.now() + this.budgetMs());
  }

  private budgetMs() {
    return this.deps.timeoutMs + WATCHDOG_MS;
  }
}
