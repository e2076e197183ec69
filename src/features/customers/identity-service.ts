import type { User } from "../../core/access";
import type { TokenVerifier } from "../../platform/auth/token-verifier";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import type { CustomerTokenIssuer } from "../sessions";
import { signedAttributes } from "./attributes";
import { type ContactRepository, changeBy, SESSIONS_SHOWN } from "./contact-repository";
import {
  ANONYMOUS_PREFIX,
  type Identity,
  IdentityRejectedError,
  type IdentityVerifier,
} from "./identity";

/**
 * A site's signed-in users: who the site says they are (verified), their contact kept up to date,
 * and their conversations on any device, an anonymous chat started before signing in included.
 */
export class IdentityService {
  constructor(
    private readonly deps: {
      contacts: ContactRepository;
      identities: IdentityVerifier;
      /** Verifies an anonymous customer's own token, to merge their chats. */
      tokens: Pick<TokenVerifier, "verify">;
      issueSessionToken: CustomerTokenIssuer;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  /**
   * The customer a signed identity names, as a caller: their contact recorded first (refused if
   * they were erased after the site signed it).
   */
  async signIn(identityToken: string): Promise<{ actor: User; identity: Identity }> {
    return this.record(await this.deps.identities.verify(identityToken));
  }

  /** A verified identity's contact recorded, and the customer it names as a caller. */
  private async record(identity: Identity): Promise<{ actor: User; identity: Identity }> {
    const declared = await this.deps.contacts.attributes();
    const now = this.deps.clock().toISOString();
    const recorded = await this.deps.contacts.identify(
      {
        id: identity.id,
        issuedAt: new Date(identity.issuedAt * 1000).toISOString(),
        name: identity.name,
        email: identity.email,
        locale: identity.locale,
        attributes: signedAttributes(identity.attributes, declared),
      },
      changeBy(identity.id, "identity", now, this.deps.newId),
    );
    if (!recorded) {
      throw new IdentityRejectedError(
        "This customer's data was erased: the site signs a new identity.",
      );
    }
    const actor: User = {
      kind: "user",
      role: "customer",
      subject: identity.id,
      issuedAt: identity.issuedAt,
      ...(identity.name && { name: identity.name }),
    };
    return { actor, identity };
  }

  /**
   * A signed-in customer's conversations, newest first. With the token of the chat they started
   * anonymously, that customer's chats become theirs first (once: a second merge finds nothing).
   */
  async conversations(identityToken: string, anonymousToken?: string) {
    const verified = await this.deps.identities.verify(identityToken);
    // Both tokens are checked before anything is written: a refused request records no contact.
    const anonymous = anonymousToken ? await this.anonymousCustomer(anonymousToken) : null;
    const { identity } = await this.record(verified);
    let merged = 0;
    if (anonymous) {
      const now = this.deps.clock().toISOString();
      merged = await this.deps.contacts.merge(
        anonymous,
        identity.id,
        identity.name,
        this.deps.newId(),
        now,
      );
    }
    const sessions = await this.deps.contacts.sessionsOf(identity.id, SESSIONS_SHOWN);
    return { customerId: identity.id, name: identity.name, merged, sessions };
  }

  /** A token for one of the signed-in customer's sessions (another's: not found). */
  async sessionToken(identityToken: string, sessionId: string) {
    const identity = await this.deps.identities.verify(identityToken);
    if (!(await this.deps.contacts.owns(identity.id, sessionId))) {
      throw new NotFoundError(`Chat session ${sessionId} does not exist.`);
    }
    const token = await this.deps.issueSessionToken(
      sessionId,
      identity.id,
      identity.name,
      this.deps.clock(),
    );
    if (!token) throw new ConflictError("This service signs no tokens (AUTH_SIGNING_KEYS).");
    return token;
  }

  private async anonymousCustomer(token: string): Promise<string> {
    const user = await this.deps.tokens.verify(token).catch(() => null);
    if (user?.role !== "customer" || !user.subject.startsWith(ANONYMOUS_PREFIX)) {
      throw new ValidationError("anonymous_token is not an anonymous customer's valid token.", [
        { path: "anonymous_token", message: "must be the anonymous chat's customer token" },
      ]);
    }
    return user.subject;
  }
}
