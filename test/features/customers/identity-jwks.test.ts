// A site that signs its users' identities with its own private key, publishing the public half as
// JWKS (fetched by the Worker: the site's server is played here by a mocked outbound fetch).
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { testApp } from "../../helpers";

const JWKS_URL = "https://shop.example.test/.well-known/identity-keys.json";
const now = () => Math.floor(Date.now() / 1000);

async function site() {
  const state = { keys: [] as JWK[], down: false };
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== JWKS_URL) throw new Error(`unexpected outbound fetch to ${url}`);
    if (state.down) throw new TypeError("Network connection lost.");
    return Response.json({ keys: state.keys });
  });
  const newKey = async (kid: string, alg: "RS256" | "ES256" = "ES256") => {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" };
    const sign = (sub: string, claims: Record<string, unknown> = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg, kid })
        .setSubject(sub)
        .setIssuedAt(now())
        .setExpirationTime(now() + 300)
        .sign(pair.privateKey);
    return { jwk, sign };
  };
  return { state, newKey };
}

const start = (app: ReturnType<typeof testApp>, identity_token: string) =>
  app.request("/sessions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ identity_token }),
  });

describe("identities signed with the site's own key (JWKS)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are verified with the published keys; another key, or none published, is refused", async () => {
    const { state, newKey } = await site();
    const published = await newKey("site-2026");
    const unpublished = await newKey("site-2026");
    const rsa = await newKey("rsa-1", "RS256");
    state.keys = [published.jwk, rsa.jwk];
    const app = testApp({ vars: { IDENTITY_JWKS_URL: JWKS_URL } });

    const started = await start(app, await published.sign("jwks-user-1", { name: "Jo" }));
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ customer: { id: "jwks-user-1", name: "Jo" } });

    const forged = await start(app, await unpublished.sign("jwks-user-1"));
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ type: "/problems/identity-rejected" });

    expect((await start(app, await rsa.sign("jwks-user-2"))).status).toBe(201);
  });

  it("answers 503 while the site's keys cannot be fetched, and nothing is started", async () => {
    const { state, newKey } = await site();
    const key = await newKey("site-down");
    state.down = true;
    const app = testApp({ vars: { IDENTITY_JWKS_URL: JWKS_URL } });
    const refused = await start(app, await key.sign("jwks-user-3"));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ type: "/problems/identity-provider-unavailable" });
  });

  it("are refused where no JWKS is configured, as any asymmetric signature is", async () => {
    const { state, newKey } = await site();
    const key = await newKey("site-x");
    state.keys = [key.jwk];
    const app = testApp();
    const refused = await start(app, await key.sign("jwks-user-4"));
    expect(refused.status).toBe(403);
  });
});
