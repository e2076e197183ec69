// Rate limits (Workers Rate Limiting binding, here 3 requests per 10 s): 429 past the limit, and
// back to normal after the window.
import { describe, expect, it } from "vitest";
import { createSession, env, testApp } from "./helpers";

function tightApp() {
  return testApp({
    vars: { RATE_LIMIT_PERIOD_SECONDS: "10" },
    rateLimiters: { sessions: env.TIGHT_RATE_LIMITER, messages: env.TIGHT_RATE_LIMITER },
  });
}

describe("rate limits", () => {
  it("limit session creation per client address, and recover after the window", {
    timeout: 40_000,
  }, async () => {
    const { request } = tightApp();
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const start = (address: string) =>
      request("/sessions", { method: "POST", headers: { "CF-Connecting-IP": address } });

    for (let i = 0; i < 3; i++) expect((await start(ip)).status).toBe(201);
    const limited = await start(ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("10");
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(await limited.json()).toMatchObject({ type: "/problems/rate-limited", status: 429 });

    // Another address is counted on its own.
    expect((await start(`203.0.113.${Math.floor(Math.random() * 250)}`)).status).toBe(201);

    // After the window the address may start sessions again.
    let status = 429;
    for (let waited = 0; status === 429 && waited < 25; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = (await start(ip)).status;
    }
    expect(status).toBe(201);
  });

  it("limit messages per token subject", async () => {
    const { request } = tightApp();
    const [a, b] = [await createSession(), await createSession()];
    const send = (session: typeof a) =>
      request(`/sessions/${session.id}/messages`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${session.customer_token.token}`,
        },
        body: JSON.stringify({ content: "spam?" }),
      });
    for (let i = 0; i < 3; i++) expect((await send(a)).status).toBe(201);
    expect((await send(a)).status).toBe(429);
    expect((await send(b)).status).toBe(201);
  });
});
