// The one-click unsubscribe link's token: the address and an HMAC of it with the service's signing
// key (the first signs; every key verifies, so a rotation keeps old links working while they last).
// It does not expire: an unsubscribe link must work whenever the email is read.

const encoder = new TextEncoder();
const PURPOSE = "unsubscribe:";

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

const fromB64url = (text: string) =>
  Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));

const hmacKey = (secret: string) =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);

export async function unsubscribeToken(email: string, secret: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    encoder.encode(PURPOSE + email),
  );
  return `${b64url(encoder.encode(email))}.${b64url(mac)}`;
}

/** The address a token names, if one of `secrets` signed it; else null. */
export async function verifyUnsubscribeToken(
  token: string,
  secrets: string[],
): Promise<string | null> {
  const [address, mac] = token.split(".");
  if (!address || !mac) return null;
  try {
    const email = new TextDecoder().decode(fromB64url(address));
    const signature = fromB64url(mac);
    for (const secret of secrets) {
      const key = await hmacKey(secret);
      if (await crypto.subtle.verify("HMAC", key, signature, encoder.encode(PURPOSE + email))) {
        return email;
      }
    }
  } catch {
    return null;
  }
  return null;
}
