import { signSession, verifySession } from "./session-link";

// The address a customer's email reply goes to: reply+<session><day>.<mac>@EMAIL_REPLY_DOMAIN
// (session-link.ts), 59 characters before the @ (the limit is 64).

/** How long an email's reply address keeps working. */
export const REPLY_ADDRESS_DAYS = 30;

export async function replyAddress(
  sessionId: string,
  domain: string,
  secret: string,
  now: Date,
): Promise<string> {
  return `reply+${await signSession("reply", sessionId, secret, now)}@${domain}`;
}

/** The session a reply address names, if one of `secrets` signed it and it has not expired. */
export function sessionOfReplyAddress(
  address: string,
  secrets: string[],
  now: Date,
): Promise<string | null> {
  const local = /^reply\+([^@]+)@/.exec(address.toLowerCase())?.[1];
  return local
    ? verifySession("reply", local, secrets, now, REPLY_ADDRESS_DAYS)
    : Promise.resolve(null);
}
