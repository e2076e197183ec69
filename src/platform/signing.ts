// HMAC-SHA256 with the service's signing keys, for what the service signs besides its tokens
// (links to files): the first key signs, every key verifies (a rotation keeps links working).

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

/** `message`'s HMAC with `secret`, base64url (43 characters). */
export async function sign(secret: string, message: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message));
  return toBase64Url(new Uint8Array(mac));
}

/** Whether one of `secrets` signed `message` as `signature` (compared in constant time). */
export async function verify(
  secrets: string[],
  message: string,
  signature: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(signature)) return false;
  const bytes = Uint8Array.from(atob(signature.replaceAll("-", "+").replaceAll("_", "/")), (c) =>
    c.charCodeAt(0),
  );
  for (const secret of secrets) {
    const key = await hmacKey(secret);
    if (await crypto.subtle.verify("HMAC", key, bytes, encoder.encode(message))) return true;
  }
  return false;
}
