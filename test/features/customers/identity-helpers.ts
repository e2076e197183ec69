import { SignJWT } from "jose";
import { env } from "../../helpers";

/** The demo site's own key (IDENTITY_SIGNING_KEYS), as a site's server holds it. */
const [siteKid, siteSecret] = (() => {
  const pair = String(env.IDENTITY_SIGNING_KEYS);
  const at = pair.indexOf(":");
  return [pair.slice(0, at), pair.slice(at + 1)];
})();

export interface IdentityClaims {
  sub?: string;
  name?: string;
  email?: string;
  locale?: string;
  attributes?: Record<string, unknown>;
  [claim: string]: unknown;
}

/** Signs an identity as a site's server would: HS256 with its secret, short-lived by default. */
export async function signIdentity(
  claims: IdentityClaims,
  {
    secret = siteSecret,
    kid = siteKid as string | undefined,
    iat = Math.floor(Date.now() / 1000),
    ttl = 600,
  } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader(kid ? { alg: "HS256", kid } : { alg: "HS256" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl);
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  return jwt.sign(new TextEncoder().encode(secret));
}
