import type { Role } from "../../platform/auth/roles";
import type { IssuedToken } from "../../platform/auth/token-issuer";
import type { SignInConfig } from "../../platform/config/config";
import { NotFoundError } from "../../platform/errors";

/** The roles the development sign-in hands out (the console is for agents). */
export const DEV_ROLES = ["service_agent", "supervisor", "admin"] as const satisfies Role[];

/** A demo shop's signed-in user, for the widget's identity. */
export interface DemoUser {
  sub: string;
  name?: string;
  email?: string;
}

export interface DevSignIn {
  role: (typeof DEV_ROLES)[number];
  subject: string;
  name: string | null;
}

/** A development token lasts a working day (at most what the service allows any token). */
const DEV_TOKEN_SECONDS = 8 * 3600;

/**
 * How agents sign in to the console: the company's identity provider (the console runs the OIDC
 * authorization code flow with PKCE itself, and sends the ID token), or, in development only, a
 * sign-in that hands any agent a token of the service's own.
 */
export class SignInService {
  constructor(
    private readonly deps: {
      settings: SignInConfig & { maxTokenTtlSeconds: number };
      issue: (claims: DevSignIn & { ttlSeconds: number }) => Promise<IssuedToken>;
      /** Signs a demo user's identity as a site's server would (null: no identity key here). */
      signIdentity: ((user: DemoUser) => Promise<IssuedToken>) | null;
    },
  ) {}

  options(): SignInConfig {
    const { dev, oidc } = this.deps.settings;
    return { dev, oidc };
  }

  /** A token for whoever asks: exists only where DEV_SIGN_IN is on (`npm run dev`). */
  async devToken(request: DevSignIn): Promise<IssuedToken> {
    const { settings, issue } = this.deps;
    if (!settings.dev) throw new NotFoundError("The development sign-in is off here.");
    return issue({
      ...request,
      ttlSeconds: Math.min(DEV_TOKEN_SECONDS, settings.maxTokenTtlSeconds),
    });
  }

  /**
   * The demo shop's sign-in: an identity for whoever asks, signed as the shop's server would sign
   * its users'. Exists only where DEV_SIGN_IN is on and IDENTITY_SIGNING_KEYS is set.
   */
  async devIdentity(user: DemoUser): Promise<IssuedToken> {
    const { settings, signIdentity } = this.deps;
    if (!settings.dev || !signIdentity) {
      throw new NotFoundError("The demo shop's sign-in is off here.");
    }
    return signIdentity(user);
  }
}
