// Signed references to one session that travel in email: the session's id (32 hex), the day they
// were issued (4 hex, days since 1970) and an HMAC of both and their purpose with the service's key
// (16 hex). Lower case throughout, as mail systems may lower-case an address.

const encoder = new TextEncoder();
const DAY_MS = 86_400_000;

async function mac(purpose: string, payload: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(`${purpose}:${payload}`)),
  );
  return [...signature.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function signSession(
  purpose: string,
  sessionId: string,
  secret: string,
  now: Date,
): Promise<string> {
  const day = Math.floor(now.getTime() / DAY_MS)
    .toString(16)
    .padStart(4, "0");
  const payload = `${sessionId.replaceAll("-", "").toLowerCase()}${day}`;
  return `${payload}.${await mac(purpose, payload, secret)}`;
}

/** The session `signed` names, if one of `secrets` signed it for `purpose` within `maxDays`. */
export async function verifySession(
  purpose: string,
  signed: string,
  secrets: string[],
  now: Date,
  maxDays: number,
): Promise<string | null> {
  const match = /^([0-9a-f]{32})([0-9a-f]{4})\.([0-9a-f]{16})$/.exec(signed.toLowerCase());
  if (!match) return null;
  const [, id, day, signature] = match as unknown as [string, string, string, string];
  const age = Math.floor(now.getTime() / DAY_MS) - Number.parseInt(day, 16);
  if (age < 0 || age > maxDays) return null;
  for (const secret of secrets) {
    if ((await mac(purpose, `${id}${day}`, secret)) === signature) {
      return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    }
  }
  return null;
}
