// Every way a token can be wrong is a 401 that says which, and OIDC agent tokens verify against
// the provider's JWKS (served to the Worker here by a mocked outbound fetch).
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenVerifier } from "../../src/platform/auth/token-verifier";
import { agentToken, config, createSession, testApp } from "../helpers";

afterEach(() => vi.restoreAllMocks());

const secret = (kid: string) =>
  new TextEncoder().encode(config.auth.signingKeys.find((k) => k.kid === kid)?.secret);
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");

/** A token of the service's own, signed with `key`, claims overridable (undefined drops a claim). */
async function forge(claims: JWTPayload = {}, { kid = "test-current", key = secret(kid) } = {}) {
  const payload: JWTPayload = {
    sub: "mallory",
    role: "service_agent",
    iss: "support-chat",
    aud: "support-chat",
    iat: now(),
    exp: now() + 600,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload))
    if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", kid }).sign(key);
}

async function expectRejected(token: string, detail: RegExp, app = testApp()) {
  const response = await app.request("/sessions/3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(
    /^Bearer realm="support-chat", error="invalid_token"/,
  );
  const problem = await response.json<{ type: string; detail: string }>();
  expect(problem.type).toBe("/problems/unauthorized");
  expect(problem.detail).toMatch(detail);
}

describe("the service's own tokens", () => {
  it("are accepted when valid, including one signed with the previous key (rotation)", async () => {
    const { request } = testApp();
    for (const token of [await forge(), await forge({}, { kid: "test-previous" })]) {
      const response = await request("/sessions", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(201);
    }
  });

  it.each([
    ["expired", { iat: now() - 7200, exp: now() - 3600 }, /expired/],
    ["not yet valid", { nbf: now() + 3600 }, /not valid yet/],
    ["from another issuer", { iss: "someone-else" }, /issuer/],
    ["for another audience", { aud: "another-service" }, /audience/],
    [
      "living longer than MAX_TOKEN_TTL_SECONDS",
      { iat: now(), exp: now() + 86_401 },
      /longer than the 86400 s allowed/,
    ],
    [
      "issued a year ahead and living a day from then",
      { iat: now() + 365 * 86_400, exp: now() + 365 * 86_400 + 3600 },
      /iat\) lies in the future/,
    ],
    ["issued a minute ahead", { iat: now() + 60, exp: now() + 3600 }, /iat\) lies in the future/],
    [
      "expiring further from now than MAX_TOKEN_TTL_SECONDS (iat within the skew)",
      { iat: now() + 4, exp: now() + 4 + 86_400 },
      /longer than the 86400 s allowed/,
    ],
    ["without exp", { exp: undefined }, /exp/],
    ["without sub", { sub: undefined }, /sub/],
    ["with a sub that is not a string", { sub: 5 }, /subject \(sub\) must be a non-empty string/],
    ["with an empty sub", { sub: "" }, /subject \(sub\) must be a non-empty string/],
    ["with an unknown role", { role: "root" }, /role/],
    ["of a customer without a session", { role: "customer" }, /sid/],
  ])("are refused when %s", async (_, claims, detail) => {
    await expectRejected(await forge(claims as JWTPayload), detail);
  });

  it("are accepted when issued within the clock skew ahead of ours (5 s)", async () => {
    const { request } = testApp();
    const token = await forge({ iat: now() + 3, exp: now() + 600 });
    const response = await request("/sessions", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(201);
  });

  it("are refused when the payload was tampered with", async () => {
    const [header, , signature] = (
      await forge({ role: "customer", sid: crypto.randomUUID() })
    ).split(".");
    const tampered = `${header}.${b64({ sub: "mallory", role: "admin", iss: "support-chat", aud: "support-chat", iat: now(), exp: now() + 600 })}.${signature}`;
    await expectRejected(tampered, /signature/);
  });

  it("are refused unsigned (alg none)", async () => {
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "mallory", role: "admin", iss: "support-chat", aud: "support-chat", iat: now(), exp: now() + 600 })}.`;
    await expectRejected(unsigned, /alg none/);
  });

  it("are refused with an unknown key id", async () => {
    const stranger = new TextEncoder().encode("x".repeat(40));
    await expectRejected(
      await forge({}, { kid: "ghost", key: stranger }),
      /Unknown signing key id "ghost"/,
    );
  });

  it("are refused once their key is rotated out", async () => {
    const current = config.auth.signingKeys[0];
    const app = testApp({ vars: { AUTH_SIGNING_KEYS: `${current?.kid}:${current?.secret}` } });
    await expectRejected(await forge({}, { kid: "test-previous" }), /Unknown signing key id/, app);
  });

  it("are refused when signed with a secret that is not the key's", async () => {
    const wrong = new TextEncoder().encode("y".repeat(40));
    await expectRejected(await forge({}, { kid: "test-current", key: wrong }), /signature/);
  });

  it("are remembered once verified, but never past their expiry", async () => {
    let clock = Date.now();
    const verifier = new TokenVerifier(config.auth, () => new Date(clock));
    const token = await forge({ iat: now(), exp: now() + 30 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: "mallory" });
    clock += 20_000; // still valid: answered from memory
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: "mallory" });
    clock += 20_000; // past exp (and jose's 5 s tolerance): checked again, and refused
    await expect(verifier.verify(token)).rejects.toThrow(/expired/);
  });

  it("are refused in a malformed Authorization header", async () => {
    const { request } = testApp();
    for (const header of [
      "Basic dXNlcjpwYXNz",
      `Bearer`,
      "Bearer not-a-jwt",
      `Token ${agentToken}`,
    ]) {
      const response = await request("/sessions", {
        method: "POST",
        headers: { Authorization: header },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    }
  });
});

describe("OIDC agent tokens", () => {
  const ISSUER = "https://idp.example.test/";
  const JWKS_URL = "https://idp.example.test/.well-known/jwks.json";
  const oidcVars = {
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: "support-chat",
    OIDC_JWKS_URL: JWKS_URL,
    OIDC_JWKS_COOLDOWN_SECONDS: "0",
  };

  async function provider() {
    const state = { keys: [] as JWK[], fetches: 0, down: false };
    const newKey = async (kid: string) => {
      const pair = await generateKeyPair("RS256", { extractable: true });
      return {
        kid,
        privateKey: pair.privateKey,
        jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" },
      };
    };
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== JWKS_URL) throw new Error(`unexpected outbound fetch to ${url}`);
      state.fetches++;
      if (state.down) throw new TypeError("Network connection lost.");
      return Response.json({ keys: state.keys });
    });
    return { state, newKey };
  }

  const sign = (key: { kid: string; privateKey: CryptoKey }, claims: JWTPayload = {}) =>
    new SignJWT({
      sub: "olivia@example.test",
      iss: ISSUER,
      aud: "support-chat",
      iat: now(),
      exp: now() + 3600,
      roles: ["support-agent"],
      name: "Olivia Agent",
      ...claims,
    })
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .sign(key.privateKey);

  const postAs = (app: ReturnType<typeof testApp>, sessionId: string, token: string) =>
    app.request(`/sessions/${sessionId}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ content: "Hi, Olivia here." }),
    });

  it("verify against the provider's JWKS, map the role claim and take the display name", async () => {
    const { state, newKey } = await provider();
    const key = await newKey("idp-1");
    state.keys = [key.jwk];
    const app = testApp({ vars: oidcVars });
    const { id } = await createSession();

    const response = await postAs(app, id, await sign(key));
    expect(response.status).toBe(201);
    expect((await response.json<{ message: unknown }>()).message).toMatchObject({
      author_type: "service_agent",
      author_name: "Olivia Agent",
    });
    // The keys are cached: a second token needs no second fetch.
    expect((await postAs(app, id, await sign(key))).status).toBe(201);
    expect(state.fetches).toBe(1);
  });

  it("follow a key rotation at the provider: an unknown kid refreshes the keys", async () => {
    const { state, newKey } = await provider();
    const [first, second] = [await newKey("idp-old"), await newKey("idp-new")];
    state.keys = [first.jwk];
    const app = testApp({ vars: oidcVars });
    const { id } = await createSession();
    expect((await postAs(app, id, await sign(first))).status).toBe(201);

    state.keys = [second.jwk];
    expect((await postAs(app, id, await sign(second))).status).toBe(201);
    expect(state.fetches).toBe(2);
  });

  it("are refused when no claim value maps to a support role (403)", async () => {
    const { state, newKey } = await provider();
    const key = await newKey("idp-1");
    state.keys = [key.jwk];
    const { id } = await createSession();
    const response = await postAs(
      testApp({ vars: oidcVars }),
      id,
      await sign(key, { roles: ["marketing"] }),
    );
    expect(response.status).toBe(403);
  });

  it("map the most privileged of several roles", async () => {
    const { state, newKey } = await provider();
    const key = await newKey("idp-1");
    state.keys = [key.jwk];
    const app = testApp({
      vars: { ...oidcVars, OIDC_ROLE_MAP: "helpdesk:service_agent,it-admins:admin" },
    });
    const { id } = await createSession();
    // admin may read but not write messages: proves the admin role was chosen.
    const response = await postAs(app, id, await sign(key, { roles: ["helpdesk", "it-admins"] }));
    expect(response.status).toBe(403);
  });

  it("are refused with a key the provider does not publish", async () => {
    const { state, newKey } = await provider();
    state.keys = [(await newKey("idp-1")).jwk];
    const impostor = await newKey("idp-1");
    await expectRejected(await sign(impostor), /signature/, testApp({ vars: oidcVars }));
  });

  it("are refused with an HS256 token keyed with the provider's public key (alg confusion)", async () => {
    const { state, newKey } = await provider();
    const key = await newKey("idp-1");
    state.keys = [key.jwk];
    const confused = await new SignJWT({ roles: ["support-admin"] })
      .setProtectedHeader({ alg: "HS256", kid: "idp-1" })
      .setSubject("mallory")
      .setIssuer(ISSUER)
      .setAudience("support-chat")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(JSON.stringify(key.jwk)));
    await expectRejected(confused, /algorithm/, testApp({ vars: oidcVars }));
  });

  it("are refused for another audience, and when expired", async () => {
    const { state, newKey } = await provider();
    const key = await newKey("idp-1");
    state.keys = [key.jwk];
    const app = testApp({ vars: oidcVars });
    await expectRejected(await sign(key, { aud: "other-app" }), /audience/, app);
    await expectRejected(await sign(key, { exp: now() - 60, iat: now() - 3600 }), /expired/, app);
  });

  it("answer 503 when the provider's keys cannot be fetched", async () => {
    const { state, newKey } = await provider();
    state.down = true;
    const key = await newKey("idp-1");
    const { id } = await createSession();
    const response = await postAs(testApp({ vars: oidcVars }), id, await sign(key));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      type: "/problems/identity-provider-unavailable",
    });
  });
});
