import { SignJWT } from "jose";
import type { Role } from "./roles";

export interface SigningSettings {
  issuer: string;
  audience: string;
  /** The first key signs; the others are still accepted by the verifier (rotation). */
  signingKeys: { kid: string; secret: string }[];
}

export interface TokenClaims {
  subject: string;
  role: Role;
  ttlSeconds: number;
  /** For customers: the one chat session the token may use; for live tickets: their channel. */
  sessionId?: string;
  name?: string;
  /** For live tickets: the ticket's id (jti), by which it is used once. */
  ticketId?: string;
  /** For live tickets: when the socket it opens must close (the asking token's exp, seconds). */
  socketExpiresAt?: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Mints the service's own HS256 tokens. Free of Worker-only imports: `npm run token` uses it too. */
export async function issueToken(
  settings: SigningSettings,
  claims: TokenClaims,
  now = new Date(),
): Promise<IssuedToken> {
  const key = settings.signingKeys[0];
  if (!key) throw new Error("No signing key: set AUTH_SIGNING_KEYS.");
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + claims.ttlSeconds;
  const token = await new SignJWT({
    role: claims.role,
    ...(claims.sessionId && { sid: claims.sessionId }),
    ...(claims.name && { name: claims.name }),
    ...(claims.ticketId && { jti: claims.ticketId }),
    ...(claims.socketExpiresAt && { sexp: claims.socketExpiresAt }),
  })
    .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
    .setSubject(claims.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await signingKey(key.secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** HMAC keys imported once per secret (jose would import a raw secret again at every signature). */
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
const keys = new Map<string, HmacKey>();

function signingKey(secret: string): HmacKey {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    keys.set(secret, key);
  }
  return key;
}
