import { armAlarm } from "../../platform/alarms";
import type { ServiceLevelService } from "./service-level-service";

/** The storage key of the service-level watch: the session, and when its next answer is due (ms). */
const DUE = "service-level-due";

interface Due {
  sessionId: string;
  at: number;
}

/**
 * A session room's service-level alarm: told when the session's next agent answer is due, the room
 * rings then (its one alarm, shared with socket expiry and the responder's watchdog) and has the
 * service-level service check D1, which escalates the session if no answer came. No polling: a
 * session that nobody waits on costs nothing.
 */
export class RoomDue {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly serviceLevels: Pick<ServiceLevelService, "check">,
  ) {}

  /**
   * Rings by `dueAt`. The earlier of two watches is kept: news may arrive out of order, and a check
   * that comes early only finds the later time in D1 and watches that.
   */
  async watch(sessionId: string, dueAt: string): Promise<void> {
    const watched = this.ctx.storage.kv.get<Due>(DUE);
    const at = Math.min(Date.parse(dueAt), watched?.at ?? Number.POSITIVE_INFINITY);
    this.ctx.storage.kv.put(DUE, { sessionId, at } satisfies Due);
    await armAlarm(this.ctx, at);
  }

  /** The alarm rang: check a watch that is due; D1 may say it moved, then watch the new time. */
  async onAlarm(now = Date.now()): Promise<void> {
    const due = this.ctx.storage.kv.get<Due>(DUE);
    if (!due) return;
    if (due.at > now) {
      await armAlarm(this.ctx, due.at);
      return;
    }
    // Kept until the check is done: if it fails, the alarm is retried and checks again.
    const next = await this.serviceLevels.check(due.sessionId);
    this.ctx.storage.kv.delete(DUE);
    if (next) await this.watch(due.sessionId, next);
  }
}
