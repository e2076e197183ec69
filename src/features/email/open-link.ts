import { ForbiddenError } from "../../platform/errors";
import type { CustomerTokenIssuer } from "../sessions";
import { signSession, verifySession } from "./session-link";

/** How long an email's link to its conversation keeps working: short, as it lands in a browser's history. */
export const OPEN_LINK_DAYS = 2;

/** The fragment an email's link carries to the widget on the site (never sent to any server). */
export const OPEN_LINK_FRAGMENT = "support-chat-open";

export function openLink(sessionId: string, secret: string, now: Date): Promise<string> {
  return signSession("open", sessionId, secret, now);
}

/**
 * An email's link, exchanged by the widget for the customer's token of that conversation: signed,
 * short-lived, for that session only.
 */
export class OpenLinks {
  constructor(
    private readonly deps: {
      customerOf: (sessionId: string) => Promise<string | null>;
      issueCustomerToken: CustomerTokenIssuer;
      secrets: string[];
      clock: () => Date;
    },
  ) {}

  async open(link: string) {
    const now = this.deps.clock();
    const sessionId = await verifySession("open", link, this.deps.secrets, now, OPEN_LINK_DAYS);
    const customerId = sessionId && (await this.deps.customerOf(sessionId));
    if (!sessionId || !customerId) {
      throw new ForbiddenError("This link is not one of ours, or it has expired.");
    }
    const token = await this.deps.issueCustomerToken(sessionId, customerId, null, now);
    if (!token) throw new ForbiddenError("This service signs no tokens.");
    return { sessionId, ...token };
  }
}
