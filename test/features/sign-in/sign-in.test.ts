// Signing agents in to the console: the options it reads, and the development sign-in, which exists
// only where DEV_SIGN_IN is on.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/platform/config/config";
import { ConfigError } from "../../../src/platform/errors";
import { call, env, testApp } from "../../helpers";

const devSignIn = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("sign-in", () => {
  it("is off by default: the options say so and the development sign-in does not exist", async () => {
    const options = await call("/sign-in/options", { token: null });
    expect(options.status).toBe(200);
    expect(await options.json()).toEqual({ dev: false, oidc: null });
    const refused = await call("/sign-in/dev", {
      token: null,
      ...devSignIn({ agent_id: "mallory", role: "admin" }),
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("hands out an agent token where DEV_SIGN_IN is on, which the API accepts as that agent", async () => {
    const { request } = testApp({ vars: { DEV_SIGN_IN: "true" } });
    expect(await (await request("/sign-in/options")).json()).toEqual({ dev: true, oidc: null });
    const response = await request(
      "/sign-in/dev",
      devSignIn({ agent_id: "alice-dev", name: "Alice", role: "supervisor" }),
    );
    expect(response.status).toBe(200);
    const { token, expires_at } = await response.json<{ token: string; expires_at: string }>();
    const hours = (Date.parse(expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const me = await request("/agents/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: "alice-dev", name: "Alice", role: "supervisor" });
    // Analytics are a supervisor's: this token is one.
    const teams = await request(
      "/analytics/summary?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z",
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(teams.status).toBe(200);
  });

  it("signs the demo shop's users in where DEV_SIGN_IN is on, and nowhere else", async () => {
    const off = await call("/sign-in/dev-identity", {
      token: null,
      ...devSignIn({ user_id: "g" }),
    });
    expect(off.status).toBe(404);
    const { request } = testApp({ vars: { DEV_SIGN_IN: "true" } });
    const signed = await request(
      "/sign-in/dev-identity",
      devSignIn({ user_id: "demo-grace", name: "Grace", email: "grace@example.com" }),
    );
    expect(signed.status).toBe(200);
    const { identity_token } = await signed.json<{ identity_token: string }>();
    // The identity the widget is given starts a chat as that user.
    const started = await request("/sessions", devSignIn({ identity_token }) as RequestInit);
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ customer: { id: "demo-grace", name: "Grace" } });
    for (const body of [{ user_id: "has space" }, { user_id: "customer:x" }, {}]) {
      expect((await request("/sign-in/dev-identity", devSignIn(body))).status).toBe(400);
    }
  });

  it("never hands out a customer's token, and refuses a blank agent id", async () => {
    const { request } = testApp({ vars: { DEV_SIGN_IN: "true" } });
    for (const body of [{ agent_id: "x", role: "customer" }, { agent_id: "   " }, {}]) {
      const response = await request("/sign-in/dev", devSignIn(body));
      expect(response.status).toBe(400);
    }
  });

  it("offers the identity provider to the console when OIDC_CLIENT_ID is set", async () => {
    const oidc = {
      OIDC_ISSUER: "https://login.example.com/",
      OIDC_AUDIENCE: "support-console",
      OIDC_JWKS_URL: "https://login.example.com/jwks",
      OIDC_CLIENT_ID: "support-console",
    };
    const { request } = testApp({ vars: oidc });
    expect(await (await request("/sign-in/options")).json()).toEqual({
      dev: false,
      oidc: {
        issuer: "https://login.example.com/",
        client_id: "support-console",
        scopes: "openid profile email",
      },
    });
    expect(() => parseConfig({ ...env, OIDC_CLIENT_ID: "console" })).toThrow(/OIDC_CLIENT_ID/);
    const unsigned = { ...env, AUTH_REQUIRED: "false", AUTH_SIGNING_KEYS: "" };
    expect(() => parseConfig(unsigned)).not.toThrow();
    expect(() => parseConfig({ ...unsigned, DEV_SIGN_IN: "true" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...unsigned, DEV_SIGN_IN: "true" })).toThrow(/DEV_SIGN_IN/);
  });

  it("is never on in a deployed environment's configuration", () => {
    expect(env.TEST_WRANGLER_VARS).not.toContain("DEV_SIGN_IN");
  });
});
