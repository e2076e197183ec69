// The address a customer's email reply goes to: reply+<session><day>.<mac>@EMAIL_REPLY_DOMAIN. The
// session's id (32 hex), the day it was issued (4 hex, days since 1970) and an HMAC of both with
// the service's key (16 hex): a forged or expired one names no session. Lower case throughout, as
// mail systems may lower-case an address; 59 characters before the @ (the limit is 64).

const encoder = new TextEncoder();
const DAY_MS = 86_400_000;

/** How long an email's reply address keeps working. */
export const REPLY_ADDRESS_DAYS = 30;

async function mac(payload: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(`reply:${payload}`)),
  );
  return [...signature.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function replyAddress(
  sessionId: string,
  domain: string,
  secret: string,
  now: Date,
): Promise<string> {
  const day = Math.floor(now.getTime() / DAY_MS)
    .toString(16)
    .padStart(4, "0");
  const payload = `${sessionId.replaceAll("-", "").toLowerCase()}${day}`;
  return `reply+${payload}.${await mac(payload, secret)}@${domain}`;
}

/** The session a reply address names, if one of `secrets` signed it and it has not expired. */
export async function sessionOfReplyAddress(
  address: string,
  secrets: string[],
  now: Date,
): Promise<string | null> {
  const match = /^reply\+([0-9a-f]{32})([0-9a-f]{4})\.([0-9a-f]{16})@/.exec(address.toLowerCase());
  if (!match) return null;
  const [, id, day, signature] = match as unknown as [string, string, string, string];
  const age = Math.floor(now.getTime() / DAY_MS) - Number.parseInt(day, 16);
  if (age < 0 || age > REPLY_ADDRESS_DAYS) return null;
  for (const secret of secrets) {
    if ((await mac(`${id}${day}`, secret)) === signature) {
      return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    }
  }
  return null;
}
