import { draftReply } from "./draft-text";
import { revealsPrompt } from "./prompt";

/** How a session's room shows a reply in the making. */
export interface ReplyProgress {
  /** The bot is thinking (typing). */
  thinking(): void;
  /** The reply to be stored as message `id`, as written so far (its whole text). */
  draft(id: string, text: string): void;
  /** The reply `id` will not be stored: what was shown of it goes. */
  discard(id: string): void;
}

export const UNSEEN: ReplyProgress = { thinking() {}, draft() {}, discard() {} };

/** A growing draft is sent at most this often; what comes between waits for the next piece or the end. */
const DRAFT_INTERVAL_MS = 50;

/**
 * The drafts of one reply, from the model's raw answer as it streams: only an answer's reply is
 * shown, and a reply that starts repeating the rules is withdrawn and shown no more (the finished
 * answer is refused for it too).
 */
export class DraftFeed {
  private shown = "";
  private latest = "";
  private sentAt = 0;
  private withheld = false;

  constructor(
    readonly id: string,
    private readonly progress: ReplyProgress,
  ) {}

  /** The model's raw answer so far. */
  update(raw: string): void {
    if (this.withheld) return;
    const text = draftReply(raw).trimStart();
    if (text.length <= this.latest.length) return;
    this.latest = text;
    if (Date.now() - this.sentAt >= DRAFT_INTERVAL_MS) this.flush();
  }

  /** Sends what arrived since the last draft (the model finished). */
  flush(): void {
    if (this.withheld || this.latest === this.shown) return;
    // Checked only when sent: text only grows, so a stretch of the rules stays in every later draft.
    if (revealsPrompt(this.latest)) {
      this.withheld = true;
      this.discard();
      return;
    }
    this.shown = this.latest;
    this.sentAt = Date.now();
    this.progress.draft(this.id, this.shown);
  }

  /** Withdraws what was shown (an attempt failed, or the reply will not be stored). */
  discard(): void {
    if (this.shown) this.progress.discard(this.id);
    this.shown = "";
    this.latest = "";
  }
}
