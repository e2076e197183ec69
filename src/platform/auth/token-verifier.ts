import {
  createRemoteJWKSet,
  decodeJwt,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { AuthConfig, OidcConfig } from "../config/config";
import { ForbiddenError, IdentityProviderUnavailableError, UnauthorizedError } from "../errors";
import { UNSEEN_ORDER } from "../unseen-order";
import type { Actor } from "./actor";
import { ROLES, type Role } from "./roles";
import { reasonFor } from "./token-refusals";

type User = Extract<Actor, { kind: "user" }>;

/** A live ticket's caller, and the ticket itself: its id and its own expiry (seconds). */
export interface VerifiedTicket {
  actor: User;
  ticket: { id: string; expiresAt: number };
}

/** How far a token's iat may lie ahead of our clock, and how far exp may lie behind it. */
const CLOCK_SKEW_SECONDS = 5;

const VERIFIED_MAX = 10_000;
const VERIFIED_TTL_MS = 60_000;

/**
 * Verifies bearer tokens: the service's own (HS256, keys by kid) and, when configured, the identity
 * provider's (OIDC, keys from its JWKS, cached and refreshed on an unknown kid). Every refusal is an
 * UnauthorizedError that says why.
 */
export class TokenVerifier {
  /** HMAC keys by kid, imported once (jose would import a raw secret again on every call). */
  private readonly keys: Map<string, Promise<CryptoKey>>;
  private readonly jwks: JWTVerifyGetKey | null;
  /** Tokens already verified, by their text: who they name and until when (ms) to trust that. */
  private readonly verified = new Map<string, { user: User; until: number }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: () => Date,
  ) {
    const encoder = new TextEncoder();
    this.keys = new Map(
      config.signingKeys.map((k) => [
        k.kid,
        crypto.subtle.importKey(
          "raw",
          encoder.encode(k.secret),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["verify"],
        ),
      ]),
    );
    this.jwks = config.oidc
      ? createRemoteJWKSet(config.oidc.jwksUrl, {
          cacheMaxAge: config.oidc.jwksCacheSeconds * 1000,
          cooldownDuration: config.oidc.jwksCooldownSeconds * 1000,
        })
      : null;
  }

  /**
   * A client sends the same token with every request: a token verified once is remembered (by its
   * whole text, signature included) until it expires, for at most VERIFIED_TTL_MS, so that most
   * requests skip the signature check. A new configuration (key rotation) builds a new verifier.
   */
  async verify(token: string): Promise<User> {
    const now = this.clock().getTime();
    const known = this.verified.get(token);
    if (known && known.until > now) return known.user;
    const oidc = this.config.oidc;
    // Only with an identity provider configured is the (unverified) issuer read, to pick the keys.
    const { user, exp } =
      oidc && issuerOf(token) === oidc.issuer
        ? await this.verifyOidc(token, oidc)
        : await this.verifyOwn(token);
    if (this.verified.size >= VERIFIED_MAX)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { user, until: Math.min(exp * 1000, now + VERIFIED_TTL_MS) });
    return user;
  }

  /**
   * A live ticket (POST .../live-ticket): one of the service's own tokens, for the live audience only,
   * short-lived, bound to one channel (a session id, or the queue) and used once (by its id). The
   * caller it names is trusted until the token that asked for the ticket expires (`sexp`).
   */
  async verifyTicket(ticket: string, channel: string): Promise<VerifiedTicket> {
    const { user, payload } = await this.verifyOwn(ticket, liveAudience(this.config));
    if (payload.sid !== channel) throw invalid("The ticket is for another channel.");
    if (typeof payload.jti !== "string" || typeof payload.sexp !== "number") {
      throw invalid("The ticket lacks its id (jti) or its socket's expiry (sexp).");
    }
    return {
      actor: { ...user, expiresAt: payload.sexp },
      ticket: { id: payload.jti, expiresAt: payload.exp as number },
    };
  }

  private async verifyOwn(token: string, audience = this.config.audience) {
    const payload = await this.check(token, this.ownKey, {
      issuer: this.config.issuer,
      audience,
      algorithms: ["HS256"],
    });
    return { user: userFrom(payload), exp: payload.exp as number, payload };
  }

  private readonly ownKey: JWTVerifyGetKey = async (header) => {
    const key = header.kid ? this.keys.get(header.kid) : undefined;
    if (!key) throw invalid(`Unknown signing key id ${JSON.stringify(header.kid ?? null)}.`);
    return key;
  };

  private async verifyOidc(token: string, oidc: OidcConfig): Promise<{ user: User; exp: number }> {
    const payload = await this.check(token, this.jwks as JWTVerifyGetKey, {
      issuer: oidc.issuer,
      audience: oidc.audience,
      algorithms: oidc.algorithms,
    });
    const claim = payload[oidc.roleClaim];
    const values = Array.isArray(claim) ? claim : [claim];
    // The most privileged agent role any of the values maps to.
    const role = (["admin", "supervisor", "service_agent"] as const).find((candidate) =>
      values.some((value) => typeof value === "string" && oidc.roleMap[value] === candidate),
    );
    if (!role) {
      throw new ForbiddenError(`The token's ${oidc.roleClaim} claim grants no support role.`);
    }
    const name = payload[oidc.nameClaim];
    const user: User = {
      kind: "user",
      subject: payload.sub as string,
      role,
      expiresAt: payload.exp as number,
      issuedAt: payload.iat as number,
      ...nameOf(name),
    };
    return { user, exp: payload.exp as number };
  }

  /** jose verifies signature, algorithm, iss, aud, exp and nbf; we add sub, iat and the TTL cap. */
  private async check(
    token: string,
    key: JWTVerifyGetKey,
    options: { issuer: string; audience: string; algorithms: string[] },
  ): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        ...options,
        requiredClaims: ["sub", "exp", "iat"],
        currentDate: this.clock(),
        clockTolerance: CLOCK_SKEW_SECONDS,
      }));
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        // The provider's JWKS could not be fetched: not the caller's fault.
        throw new IdentityProviderUnavailableError(
          "The identity provider's keys could not be fetched; try again shortly.",
          { cause: error },
        );
      }
      throw invalid(reasonFor(error, token));
    }
    // jose checks that sub is there, not what it is: every caller's subject is a name.
    if (typeof payload.sub !== "string" || payload.sub === "") {
      throw invalid("The token's subject (sub) must be a non-empty string.");
    }
    // jose checks exp and nbf against now; a token must also not come from the future, nor live
    // longer than allowed, counted from its iat and from now alike.
    const now = Math.floor(this.clock().getTime() / 1000);
    const { iat, exp } = payload as { iat: number; exp: number };
    const max = this.config.maxTokenTtlSeconds;
    if (iat > now + CLOCK_SKEW_SECONDS) {
      throw invalid("The token's issued-at time (iat) lies in the future.");
    }
    const ttl = Math.max(exp - iat, exp - now);
    if (ttl > max) {
      throw invalid(`The token lives ${ttl} s, longer than the ${max} s allowed.`);
    }
    return payload;
  }
}

function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    throw invalid("The token is not a well-formed JWT.");
  }
}

/** Live tickets carry their own audience, so that no ticket works as a bearer token. */
export function liveAudience(config: { audience: string }): string {
  return `${config.audience}:live`;
}

/** What does not show or reorders what is around it: never part of a name the chat shows. */
const UNSEEN = new RegExp(`[${UNSEEN_ORDER}]`, "g");

/**
 * A token's name as the chat shows it (in the customer's "Alice joined", on every message): without
 * control characters or direction marks (an override would turn the words after it around), well
 * formed, at most 200 characters; none if nothing is left.
 */
function nameOf(claim: unknown): { name?: string } {
  if (typeof claim !== "string") return {};
  const name = [...claim.replace(UNSEEN, "").toWellFormed().trim()].slice(0, 200).join("");
  return name ? { name } : {};
}

/** The caller named by one of the service's own tokens. */
function userFrom(payload: JWTPayload): User {
  const role = payload.role;
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    throw invalid("The token's role claim is missing or unknown.");
  }
  if (role === "customer" && typeof payload.sid !== "string") {
    throw invalid("A customer token must name its chat session (sid).");
  }
  return {
    kind: "user",
    subject: payload.sub as string,
    role: role as Role,
    expiresAt: payload.exp as number,
    issuedAt: payload.iat as number,
    ...nameOf(payload.name),
    ...(role === "customer" && { sessionId: (payload.sid as string).toLowerCase() }),
  };
}

function invalid(reason: string) {
  return new UnauthorizedError(reason);
}
