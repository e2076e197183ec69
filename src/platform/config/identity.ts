import { z } from "zod";
import { list, optional, positiveInt, signingKeys } from "./vars";

// Identified customers' variables (part of config.ts's one schema): how a site signs its users.

export const identityVars = {
  IDENTITY_SIGNING_KEYS: optional(signingKeys).describe(
    "the site's secrets for signing its users' identities (HS256), `kid:secret` pairs (each secret 32+ characters); empty: every chat is anonymous. Secret: set in `.dev.vars` or with `wrangler secret put`",
  ),
  IDENTITY_JWKS_URL: optional(z.url({ protocol: /^https?$/ })).describe(
    "where the site publishes its own public keys (JWKS), for identities it signs with its private key instead of a shared secret",
  ),
  IDENTITY_ALGORITHMS: list(z.enum(["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]))
    .default(["RS256", "ES256", "EdDSA"])
    .describe("the algorithms an identity signed with the site's JWKS keys may use"),
  IDENTITY_MAX_TTL_SECONDS: positiveInt(86_400)
    .default(3_600)
    .describe("the longest a signed identity may live (from its `iat` and from now)"),
};

export interface IdentityConfig {
  /** The site's HS256 secrets by kid (any one verifies; a token without kid needs a single key). */
  signingKeys: { kid: string; secret: string }[];
  /** The site's published public keys (null: shared secrets only), and their algorithms. */
  jwks: { url: URL; algorithms: string[] } | null;
  /** The longest an identity token may live, from its iat and from now. */
  maxTtlSeconds: number;
}
