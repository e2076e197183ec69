import { z } from "@hono/zod-openapi";
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify, SignJWT } from "jose";
import type { IdentityConfig } from "../../platform/config/identity";
import { DomainError, IdentityProviderUnavailableError } from "../../platform/errors";

/** A signed identity that does not verify: the chat stays anonymous, and nothing else is said. */
export class IdentityRejectedError extends DomainError {
  readonly status = 403;
  readonly type = "/problems/identity-rejected";
  readonly title = "Forbidden";
}

/** Anonymous customers' ids: a site's user id may never take one (or it would take their chats). */
export const ANONYMOUS_PREFIX = "customer:";

/** A customer's id as a site may name its user: it also travels in URL paths. */
export const CUSTOMER_ID = /^[\w.@+:|=-]{1,200}$/;

/** A site's user id, as its identity names it (`sub`): never an anonymous customer's. */
export const SiteUserId = z
  .string()
  .regex(CUSTOMER_ID, "must be 1-200 letters, digits or . _ @ + : | = -")
  .refine((sub) => !sub.startsWith(ANONYMOUS_PREFIX), `must not start with ${ANONYMOUS_PREFIX}`);

/**
 * A site's text as the chat keeps it: a lone UTF-16 surrogate (a site that cut a name with `.slice()`
 * through an emoji) becomes U+FFFD here, so the answer shows what is stored (D1 would store three
 * of them in its place), rather than refusing the customer's identity for the site's slip.
 */
const siteText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.toWellFormed());

const attributeValue = z.union([siteText(1_000), z.number(), z.boolean()]);

/** What a site may sign about its user; anything else in the token is ignored. */
const IdentityClaims = z.object({
  sub: SiteUserId,
  iat: z.number(),
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .transform((value) => value.toWellFormed())
    .optional(),
  email: z.email().max(254).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
    .max(35)
    .optional(),
  attributes: z.record(siteText(64), attributeValue).optional(),
});

export interface Identity {
  /** The site's user id: the customer's id from now on. */
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  attributes: Record<string, string | number | boolean>;
  /** When the site signed it (seconds): an erasure refuses identities signed before it. */
  issuedAt: number;
}

const CLOCK_SKEW_SECONDS = 5;

/**
 * Verifies the identity tokens a site signs for its signed-in users: HS256 with the site's secret
 * (IDENTITY_SIGNING_KEYS, chosen by kid, or the only one), or with its private key whose public half
 * it publishes (IDENTITY_JWKS_URL, fetched and cached as the OIDC keys are); short-lived
 * (IDENTITY_MAX_TTL_SECONDS).
 */
export class IdentityVerifier {
  private readonly keys: Map<string, Promise<CryptoKey>>;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(
    private readonly config: IdentityConfig,
    private readonly clock: () => Date,
  ) {
    this.keys = new Map(
      config.signingKeys.map(({ kid, secret }) => [
        kid,
        crypto.subtle.importKey(
          "raw",
          new TextEncoder().encode(secret),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["verify"],
        ),
      ]),
    );
    this.jwks = config.jwks
      ? createRemoteJWKSet(config.jwks.url, { cacheMaxAge: 600_000, cooldownDuration: 30_000 })
      : null;
  }

  async verify(token: string): Promise<Identity> {
    if (!this.keys.size && !this.jwks) {
      throw rejected("This service accepts no signed identities.");
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [...(this.keys.size ? ["HS256"] : []), ...(this.config.jwks?.algorithms ?? [])],
        requiredClaims: ["sub", "exp", "iat"],
        currentDate: this.clock(),
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      if (error instanceof IdentityRejectedError) throw error;
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        // The site's keys could not be fetched: not the customer's fault.
        throw new IdentityProviderUnavailableError(
          "The site's identity keys could not be fetched; try again shortly.",
          { cause: error },
        );
      }
      throw rejected(
        error instanceof errors.JWTExpired
          ? "The identity has expired: the site signs a fresh one."
          : "The identity's signature or claims do not verify.",
      );
    }
    const now = Math.floor(this.clock().getTime() / 1000);
    const { iat, exp } = payload as { iat: number; exp: number };
    if (iat > now + CLOCK_SKEW_SECONDS) throw rejected("The identity was signed in the future.");
    if (Math.max(exp - iat, exp - now) > this.config.maxTtlSeconds) {
      throw rejected(`The identity lives longer than the ${this.config.maxTtlSeconds} s allowed.`);
    }
    const claims = IdentityClaims.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0];
      throw rejected(`The identity's ${issue?.path.join(".")} claim ${issue?.message}.`);
    }
    const { sub, name, email, locale, attributes } = claims.data;
    return {
      id: sub,
      name: name ?? null,
      email: email?.toLowerCase() ?? null,
      locale: locale ?? null,
      attributes: attributes ?? {},
      issuedAt: iat,
    };
  }

  private readonly key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg !== "HS256") {
      if (!this.jwks)
        throw rejected("This service takes identities signed with its shared secret.");
      return this.jwks(header, token);
    }
    const key = header.kid
      ? this.keys.get(header.kid)
      : this.keys.size === 1
        ? [...this.keys.values()][0]
        : undefined;
    if (!key) throw rejected("The identity names no key this service knows (kid).");
    return key;
  };
}

const rejected = (reason: string) => new IdentityRejectedError(reason);

/**
 * Signs an identity as a site's server does (with the first of IDENTITY_SIGNING_KEYS): for the
 * demo shop's development sign-in only; a real site signs with its own copy of the secret.
 */
export async function signIdentity(
  config: IdentityConfig,
  claims: { sub: string; name?: string; email?: string },
  now: Date,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const key = config.signingKeys[0];
  if (!key) throw new Error("No identity signing key: set IDENTITY_SIGNING_KEYS.");
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { sub, ...profile } = claims;
  const token = await new SignJWT(profile)
    .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
    .setSubject(sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(key.secret));
  return { token, expiresAt: new Date((issuedAt + ttlSeconds) * 1000) };
}
