import { armAlarm } from "../../platform/alarms";
import type { EmailNotifier } from "./notifier";

/** The storage key of the email watch: the session, and when its unseen replies are emailed (ms). */
const EMAIL_DUE = "email-due";
/** The last message a socket of the customer was shown: what they saw live is never emailed. */
const SEEN = "email-seen";

interface Due {
  sessionId: string;
  at: number;
}

/**
 * A session room's email watch: a reply to the customer starts it (the earliest one counts, so a
 * busy conversation still gets its email on time); when it rings (the room's one alarm) and no
 * socket of the customer is open, the notifier emails what they have not seen.
 */
export class RoomEmail {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly deps: {
      notifier: Pick<EmailNotifier, "notify" | "delayMs">;
      /** Whether a socket of the customer is open now: then they see replies as they come. */
      customerPresent: () => boolean;
    },
  ) {}

  /** A reply to the customer was published now. */
  async replied(sessionId: string, now = Date.now()): Promise<void> {
    const delay = this.deps.notifier.delayMs;
    if (delay === null) return;
    const watched = this.ctx.storage.kv.get<Due>(EMAIL_DUE);
    if (watched) return;
    await this.watch({ sessionId, at: now + delay });
  }

  /** A socket of the customer was shown everything up to `seq`. */
  seen(seq: number): void {
    if (seq > (this.ctx.storage.kv.get<number>(SEEN) ?? 0)) this.ctx.storage.kv.put(SEEN, seq);
  }

  async onAlarm(now = Date.now()): Promise<void> {
    const due = this.ctx.storage.kv.get<Due>(EMAIL_DUE);
    if (!due) return;
    if (due.at > now) return armAlarm(this.ctx, due.at);
    this.ctx.storage.kv.delete(EMAIL_DUE);
    if (this.deps.customerPresent()) return;
    const seen = this.ctx.storage.kv.get<number>(SEEN) ?? 0;
    const result = await this.deps.notifier.notify(due.sessionId, seen);
    if (result.kind === "later") await this.watch({ sessionId: due.sessionId, at: result.at });
  }

  private async watch(due: Due): Promise<void> {
    this.ctx.storage.kv.put(EMAIL_DUE, due);
    await armAlarm(this.ctx, due.at);
  }
}
