import { createRestClient } from "../../src/client/rest";

// How the console holds an agent's token: in this tab's sessionStorage (gone when the tab closes),
// dropped when it expires. Three ways in: the company's identity provider (OIDC, authorization code
// with PKCE, done by oauth4webapi), the development sign-in (`npm run dev` only), or a pasted token.

export interface Credentials {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface SignInOptions {
  dev: boolean;
  oidc: { issuer: string; client_id: string; scopes: string } | null;
}

const KEY = "support-console:credentials";
const OIDC_KEY = "support-console:oidc";
const api = () => createRestClient(location.origin);

export function loadCredentials(): Credentials | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Credentials | null;
    return saved && saved.expiresAt > Date.now() ? saved : null;
  } catch {
    return null;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(KEY);
}

/** A token's claims, unchecked (the server checks the signature; the console only reads them). */
export function claimsOf(
  token: string,
): { sub?: string; name?: string; role?: string; exp?: number } | null {
  try {
    return JSON.parse(atob(token.split(".")[1]?.replace(/-/g, "+").replace(/_/g, "/") ?? ""));
  } catch {
    return null;
  }
}

/** A token's expiry from its payload (this only schedules the sign-out). */
export function credentialsOf(token: string): Credentials | null {
  const exp = claimsOf(token)?.exp;
  return typeof exp === "number" ? { token, expiresAt: exp * 1000 } : null;
}

export async function signInOptions(): Promise<SignInOptions> {
  const response = await api()["sign-in"].options.$get();
  if (response.status !== 200) throw new Error(`sign-in options: ${response.status}`);
  return response.json();
}

export async function devSignIn(
  agentId: string,
  name: string,
  role: "service_agent" | "supervisor" | "admin",
): Promise<Credentials> {
  const response = await api()["sign-in"].dev.$post({
    json: { agent_id: agentId, role, ...(name.trim() && { name: name.trim() }) },
  });
  if (response.status !== 200) throw new Error("The development sign-in refused.");
  const { token, expires_at } = await response.json();
  return { token, expiresAt: Date.parse(expires_at) };
}

type Oidc = NonNullable<SignInOptions["oidc"]>;
const redirectUri = () => `${location.origin}/console/`;

/** The identity provider's metadata, and the library's options (plain http only on this machine). */
async function provider(oidc: Oidc) {
  const oauth = await import("oauth4webapi");
  const issuer = new URL(oidc.issuer);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(issuer.hostname);
  const options = loopback ? { [oauth.allowInsecureRequests]: true } : {};
  const server = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...options, algorithm: "oidc" }),
  );
  return { oauth, server, options, client: { client_id: oidc.client_id } };
}

/** Sends the browser to the identity provider (PKCE: the verifier stays in this tab). */
export async function startOidc(oidc: Oidc): Promise<void> {
  const { oauth, server } = await provider(oidc);
  if (!server.authorization_endpoint)
    throw new Error("The identity provider has no authorization endpoint.");
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: oidc.client_id,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: oidc.scopes,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  }).toString();
  location.assign(url);
}

/** Back from the identity provider: trades the code for tokens; the ID token is the bearer token. */
export async function finishOidc(oidc: Oidc, callback: URL): Promise<Credentials> {
  const started = JSON.parse(sessionStorage.getItem(OIDC_KEY) ?? "null") as {
    verifier: string;
    state: string;
    nonce: string;
  } | null;
  sessionStorage.removeItem(OIDC_KEY);
  if (!started) throw new Error("This sign-in was not started here; please sign in again.");
  const { oauth, server, options, client } = await provider(oidc);
  const params = oauth.validateAuthResponse(server, client, callback, started.state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri(),
    started.verifier,
    options,
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
    expectedNonce: started.nonce,
    requireIdToken: true,
  });
  const credentials = result.id_token ? credentialsOf(result.id_token) : null;
  if (!credentials) throw new Error("The identity provider sent no usable ID token.");
  return credentials;
}
