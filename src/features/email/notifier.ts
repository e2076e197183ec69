import { type AccessPolicy, type Actor, authorize } from "../../core/access";
import type { EmailConfig } from "../../platform/config/email";
import type { Logger } from "../../platform/logger";
import type { EmailSent, NotificationRepository, UnseenReply } from "./notification-repository";
import { OPEN_LINK_FRAGMENT, openLink } from "./open-link";
import { replyAddress } from "./reply-address";
import { unsubscribeToken } from "./unsubscribe-token";

/** What the notifier needs of the service's settings. */
export interface NotifierSettings extends EmailConfig {
  /** The secret unsubscribe links are signed with. */
  linkSecret: string | null;
}

export type NotifyResult =
  | { kind: "sent"; lastSeq: number }
  /** Nothing to send: seen, no address, suppressed, sent before, or email is off. */
  | { kind: "nothing" }
  /** Not yet: the last email of this conversation is too recent, or the send failed. */
  | { kind: "later"; at: number };

const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Emails a customer the replies they have not seen (no socket of theirs open, not read), with a
 * link to continue on the site and a one-click unsubscribe (RFC 8058). At most one email per
 * conversation per delay window; each email is keyed by the last reply it carries, claimed in D1
 * before it is sent, so a retry or a restart never sends the same replies twice.
 */
export class EmailNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationRepository;
      /** The customer's address, from their contact (null: none known). */
      contactEmail: (customerId: string) => Promise<string | null>;
      mailer: SendEmail | null;
      settings: NotifierSettings;
      access: AccessPolicy;
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  /** How long a reply may stay unseen before it is emailed; null: email is off here. */
  get delayMs(): number | null {
    const { mailer, settings } = this.deps;
    return mailer && settings.from && settings.serviceUrl && settings.linkSecret
      ? settings.notifyDelaySeconds * 1000
      : null;
  }

  /** The emails sent of a session, for agents: which replies reached the customer by email. */
  async sentOf(actor: Actor, sessionId: string): Promise<EmailSent[]> {
    authorize(actor, "session:list", this.deps.access, sessionId);
    return this.deps.notifications.ofSession(sessionId);
  }

  /** `seenSeq`: the last message a socket of the customer was shown (they saw it live). */
  async notify(sessionId: string, seenSeq = 0): Promise<NotifyResult> {
    const delay = this.delayMs;
    const { notifications, mailer, clock } = this.deps;
    if (delay === null || !mailer) return { kind: "nothing" };
    const pending = await notifications.pending(sessionId, seenSeq);
    const last = pending?.unseen.at(-1);
    if (!pending?.customerId || !last) return { kind: "nothing" };
    const now = clock().getTime();
    const next = pending.lastEmailedAt ? Date.parse(pending.lastEmailedAt) + delay : 0;
    if (next > now) return { kind: "later", at: next };
    const to = await this.deps.contactEmail(pending.customerId);
    if (!to) return { kind: "nothing" };
    const seqs = { first: pending.unseen[0]?.seq ?? last.seq, last: last.seq };
    if (!(await notifications.claim(sessionId, seqs, to, new Date(now).toISOString()))) {
      return { kind: "nothing" };
    }
    try {
      const { messageId } = await mailer.send(await this.compose(sessionId, to, pending.unseen));
      await notifications.sent(sessionId, last.seq, messageId);
      return { kind: "sent", lastSeq: last.seq };
    } catch (error) {
      // Refused by Email Service: it did not leave, so the key is free for the next try.
      await notifications.release(sessionId, last.seq);
      this.deps.logger.warn("emailing a customer failed", { error: String(error) });
      return { kind: "later", at: now + RETRY_AFTER_FAILURE_MS };
    }
  }

  private async compose(
    sessionId: string,
    to: string,
    replies: UnseenReply[],
  ): Promise<EmailMessageBuilder> {
    const { from, siteName, siteUrl, serviceUrl, linkSecret, replyDomain } = this.deps.settings;
    const now = this.deps.clock();
    const replyTo =
      replyDomain && (await replyAddress(sessionId, replyDomain, linkSecret as string, now));
    const link =
      siteUrl &&
      `${siteUrl.replace(/#.*$/, "")}#${OPEN_LINK_FRAGMENT}=${await openLink(sessionId, linkSecret as string, now)}`;
    const unsubscribe = `${serviceUrl}/email/unsubscribe?token=${await unsubscribeToken(to, linkSecret as string)}`;
    const lines = replies.map(
      (r) => `${r.authorName ?? (r.authorType === "bot" ? "Assistant" : siteName)}:\n${r.content}`,
    );
    const text = [
      `You have ${replies.length === 1 ? "a new reply" : `${replies.length} new replies`} from ${siteName}:`,
      "",
      lines.join("\n\n"),
      "",
      [
        replyTo && "Reply to this email to answer.",
        link
          ? `Continue the conversation on our site: ${link}`
          : "Open the chat on our site to continue the conversation.",
      ]
        .filter(Boolean)
        .join(" "),
      "",
      `You get this email because you chatted with ${siteName}. Stop these emails: ${unsubscribe}`,
    ].join("\n");
    return {
      from: { email: from as string, name: siteName },
      to,
      subject: `New reply from ${siteName}`,
      ...(replyTo && { replyTo }),
      text,
      headers: {
        "List-Unsubscribe": `<${unsubscribe}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
      },
    };
  }
}
