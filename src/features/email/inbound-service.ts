import PostalMime from "postal-mime";
import type { Actor } from "../../core/access";
import { ConflictError, NotFoundError } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import type { InboundRepository } from "./inbound-repository";
import { sessionOfReplyAddress } from "./reply-address";
import { htmlText, replyText } from "./reply-text";

/** An email as the Email Worker receives it: the envelope and the raw message. */
export interface InboundEmail {
  from: string;
  to: string;
  raw: ReadableStream | ArrayBuffer | string;
}

/** What became of an email: landed in its conversation, or dropped, and why. */
export type InboundOutcome =
  | "landed"
  | "duplicate"
  | "address" // a forged or expired reply address
  | "auto" // an auto-reply (out of office, Auto-Submitted, Precedence)
  | "bounce"
  | "loop" // from our own address
  | "sender" // not from the customer's address
  | "empty" // nothing written above the quoted history
  | "closed"; // the conversation cannot take it any more

/** Appends a customer's message as the chat service does (idempotent by client_message_id). */
export type Append = (
  actor: Actor,
  sessionId: string,
  input: { content: string; clientMessageId: string },
) => Promise<{ created: boolean }>;

const AUTO_HEADERS = ["x-autoreply", "x-autorespond", "x-autoresponder"];

/**
 * A customer's email reply lands in the conversation its reply address names, as the customer,
 * without the quoted history, exactly once (its Message-ID is the message's client_message_id).
 * Auto-replies, bounces (the address is then never written to again), loops, forged or expired
 * addresses and strangers' mail are dropped, and each outcome is counted.
 */
export class InboundService {
  constructor(
    private readonly deps: {
      inbound: InboundRepository;
      contactEmail: (customerId: string) => Promise<string | null>;
      append: Append;
      suppress: (email: string, reason: "bounced", now: string) => Promise<void>;
      settings: { from: string | null; secrets: string[]; maxMessageLength: number };
      clock: () => Date;
      logger: Logger;
    },
  ) {}

  async receive(email: InboundEmail): Promise<InboundOutcome> {
    const now = this.deps.clock();
    const parsed = await PostalMime.parse(email.raw);
    const messageId = parsed.messageId?.trim() || `<no-id:${crypto.randomUUID()}>`;
    const done = async (outcome: InboundOutcome, sessionId: string | null = null) => {
      await this.deps.inbound.record(messageId, sessionId, outcome, now.toISOString());
      if (outcome !== "landed") this.deps.logger.info("inbound email dropped", { outcome });
      return outcome;
    };
    const sessionId = await sessionOfReplyAddress(email.to, this.deps.settings.secrets, now);
    if (!sessionId) return done("address");
    const header = (name: string) =>
      parsed.headers
        .find((h) => h.key === name)
        ?.value.trim()
        .toLowerCase() ?? "";
    const from = (parsed.from?.address ?? email.from).toLowerCase();
    const customerId = await this.deps.inbound.customerOf(sessionId);
    const customerEmail = customerId ? await this.deps.contactEmail(customerId) : null;

    if (/^(mailer-daemon|postmaster)@/.test(from) || header("content-type").includes("report")) {
      if (customerEmail) await this.deps.suppress(customerEmail, "bounced", now.toISOString());
      return done("bounce", sessionId);
    }
    const submitted = header("auto-submitted");
    if (
      (submitted && submitted !== "no") ||
      /^(bulk|junk|list|auto_reply)$/.test(header("precedence")) ||
      AUTO_HEADERS.some((name) => header(name))
    ) {
      return done("auto", sessionId);
    }
    if (from === this.deps.settings.from?.toLowerCase()) return done("loop", sessionId);
    if (!customerId || !customerEmail || customerEmail.toLowerCase() !== from) {
      return done("sender", sessionId);
    }
    const text = replyText(parsed.text ?? (parsed.html ? htmlText(parsed.html) : ""));
    if (!text) return done("empty", sessionId);

    const actor: Actor = { kind: "user", role: "customer", subject: customerId, sessionId };
    try {
      const { created } = await this.deps.append(actor, sessionId, {
        content: text.slice(0, this.deps.settings.maxMessageLength),
        clientMessageId: `email:${await digest(messageId)}`,
      });
      return done(created ? "landed" : "duplicate", sessionId);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) {
        return done("closed", sessionId);
      }
      throw error;
    }
  }
}

async function digest(text: string): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return [...hash.slice(0, 20)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
