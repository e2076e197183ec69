import { decodeProtectedHeader, errors } from "jose";

/** Why jose refused a token, in words a client can act on (the `detail` of the 401). */
export function reasonFor(error: unknown, token: string): string {
  if (error instanceof errors.JWTExpired) return "The token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "nbf":
        return "The token is not valid yet (nbf).";
      case "iss":
        return "The token's issuer is not accepted.";
      case "aud":
        return "The token's audience is not accepted.";
      case "iat":
        return "The token's issued-at time (iat) is invalid.";
      default:
        return `The token lacks a valid ${error.claim} claim.`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return algorithmOf(token) === "none"
      ? "Unsigned tokens (alg none) are not accepted."
      : "The token's algorithm is not accepted.";
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return "The token is not a well-formed JWT.";
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "The token's signature is not valid.";
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return "The token's key id is unknown to the identity provider.";
  }
  return `The token could not be verified (${(error as errors.JOSEError).code}).`;
}

/** The header's alg, read only to explain a refusal. */
function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}
