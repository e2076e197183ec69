import type { Role } from "./roles";

/** The caller of an operation, as the HTTP layer established it. */
export type Actor =
  /**
   * A verified token. A customer's token names the one session (`sessionId`) it may use;
   * `expiresAt` (seconds) is when the token, and a socket opened with it, expires.
   */
  | {
      kind: "user";
      subject: string;
      role: Role;
      name?: string;
      sessionId?: string;
      expiresAt?: number;
      /** When the token was issued (seconds): a customer's erasure revokes tokens issued before it. */
      issuedAt?: number;
    }
  /** No token, where tokens are required: may only start a session, if public creation is on. */
  | { kind: "anonymous"; address?: string }
  /** No token with AUTH_REQUIRED=false: the original service's open behaviour. */
  | { kind: "unrestricted"; address?: string };

/** A caller with a verified token. */
export type User = Extract<Actor, { kind: "user" }>;
