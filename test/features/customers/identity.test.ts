// Identified customers: a site signs who its user is; the chat is theirs on any device, never
// anyone else's; an anonymous chat started before signing in is kept, once.
import { describe, expect, it } from "vitest";
import {
  act,
  call,
  createSession,
  mint,
  postJson,
  type SessionBody,
  type StartedSession,
  supervisorToken,
} from "../../helpers";
import { signIdentity } from "./identity-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

interface Conversations {
  customer_id: string;
  merged: number;
  sessions: { session_id: string; status: string; last_message: string | null }[];
}

const conversations = (identity_token: string, anonymous_token?: string) =>
  postJson("/identity/conversations", { identity_token, anonymous_token }, { token: null });

async function conversationsOf(identity: string, anonymous?: string) {
  const response = await conversations(identity, anonymous);
  expect(response.status).toBe(200);
  return response.json<Conversations>();
}

const sessionToken = (sessionId: string, identity_token: string) =>
  postJson(`/identity/sessions/${sessionId}/token`, { identity_token }, { token: null });

async function startAs(identity: string): Promise<StartedSession> {
  const response = await postJson("/sessions", { identity_token: identity }, { token: null });
  expect(response.status).toBe(201);
  return response.json<StartedSession>();
}

describe("a signed-in customer", () => {
  it("owns the session they start, and sees it on another device with its newest message", async () => {
    const sub = unique("user");
    const started = await startAs(
      await signIdentity({ sub, name: "Grace Hopper", email: "Grace@Example.com" }),
    );
    expect(started.customer).toMatchObject({ id: sub, name: "Grace Hopper" });
    const sent = await postJson(
      `/sessions/${started.id}/messages`,
      { content: "my order is late" },
      { token: started.customer_token.token },
    );
    expect(sent.status).toBe(201);

    // The service's own line ("resolved") is not what the list shows.
    expect((await act(`/sessions/${started.id}/resolve`, supervisorToken)).status).toBe(200);
    // Another device: a fresh identity for the same user, signed later by the site.
    const listed = await conversationsOf(await signIdentity({ sub }));
    expect(listed.customer_id).toBe(sub);
    expect(listed.sessions.map((s) => s.session_id)).toEqual([started.id]);
    expect(listed.sessions[0]?.last_message).toBe("my order is late");

    const token = await sessionToken(started.id, await signIdentity({ sub }));
    expect(token.status).toBe(200);
    const read = await call(`/sessions/${started.id}`, {
      token: (await token.json<{ token: string }>()).token,
    });
    expect(read.status).toBe(200);
    expect((await read.json<SessionBody>()).messages.map((m) => m.content)).toContain(
      "my order is late",
    );

    const contact = await call(`/contacts/${sub}`, { token: adminToken });
    expect(await contact.json()).toMatchObject({
      contact: { id: sub, name: "Grace Hopper", email: "grace@example.com", verified: true },
    });
  });

  it("sees no last message in a chat where only the greeting was said", async () => {
    const sub = unique("quiet");
    const started = await startAs(await signIdentity({ sub }));
    // The greeting (seq 1) is the configured text every chat starts with, not something said.
    expect(started.messages.map((m) => m.seq)).toEqual([1]);
    const listed = await conversationsOf(await signIdentity({ sub }));
    expect(listed.sessions).toMatchObject([{ session_id: started.id, last_message: null }]);
  });

  it("never reads another customer's sessions, however alike their ids", async () => {
    const base = unique("u");
    const ids = [base, base.toUpperCase(), `0${base}`, `${base}.`];
    const started = new Map<string, string>();
    for (const sub of ids) started.set(sub, (await startAs(await signIdentity({ sub }))).id);
    for (const sub of ids) {
      const listed = await conversationsOf(await signIdentity({ sub }));
      expect(listed.sessions.map((s) => s.session_id)).toEqual([started.get(sub)]);
      for (const [other, sessionId] of started) {
        if (other === sub) continue;
        const refused = await sessionToken(sessionId, await signIdentity({ sub }));
        expect(refused.status).toBe(404);
      }
    }
  });

  it("is refused, and nothing is stored, when the identity does not verify", async () => {
    const sub = unique("forged");
    const victim = unique("victim");
    const own = await startAs(await signIdentity({ sub: victim }));
    const forged = [
      await signIdentity({ sub }, { secret: "a-secret-that-is-not-the-sites-own-0123456789" }),
      await signIdentity({ sub }, { kid: "unknown-kid" }),
      await signIdentity({ sub }, { ttl: 2 * 86_400 }),
      await signIdentity({ sub }, { iat: Math.floor(Date.now() / 1000) - 3_600, ttl: 60 }),
      await signIdentity({ sub }, { iat: Math.floor(Date.now() / 1000) + 600 }),
      await signIdentity({ sub: `customer:${crypto.randomUUID()}` }),
      await signIdentity({ name: "no subject" }),
      await signIdentity({ sub, email: "not an email" }),
      // alg "none": unsigned.
      `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ sub, iat: 1, exp: 9e9 }))}.`,
      "not a jwt",
    ];
    for (const token of forged) {
      for (const response of [
        await postJson("/sessions", { identity_token: token }, { token: null }),
        await conversations(token),
        await sessionToken(own.id, token),
      ]) {
        expect(response.status).toBe(403);
        expect(response.headers.get("Content-Type")).toContain("application/problem+json");
        expect((await response.json<{ type: string }>()).type).toBe("/problems/identity-rejected");
      }
    }
    // A forged identity for the victim reads nothing of theirs.
    const asVictim = await signIdentity(
      { sub: victim },
      { secret: "a-secret-that-is-not-the-sites-own-0123456789" },
    );
    expect((await conversations(asVictim)).status).toBe(403);
    expect((await call(`/contacts/${sub}`, { token: adminToken })).status).toBe(404);
  });

  it("records nothing when the session it starts is refused for its team", async () => {
    const sub = unique("teamless");
    const response = await postJson(
      "/sessions",
      { identity_token: await signIdentity({ sub }), team_id: "no-such-team" },
      { token: null },
    );
    expect(response.status).toBe(400);
    expect((await call(`/contacts/${sub}`, { token: adminToken })).status).toBe(404);
  });
});

describe("signing in after chatting anonymously", () => {
  it("keeps the anonymous chat, moved once, with its messages", async () => {
    const anonymous = await createSession();
    await postJson(`/sessions/${anonymous.id}/messages`, { content: "before signing in" });
    const anonymousId = anonymous.customer?.id as string;
    const sub = unique("merger");

    const first = await conversationsOf(
      await signIdentity({ sub, name: "Ada" }),
      anonymous.customer_token.token,
    );
    expect(first.merged).toBe(1);
    expect(first.sessions.map((s) => s.session_id)).toEqual([anonymous.id]);
    const again = await conversationsOf(
      await signIdentity({ sub }),
      anonymous.customer_token.token,
    );
    expect(again.merged).toBe(0);

    const seen = await call(`/sessions/${anonymous.id}`, { token: adminToken });
    const body = await seen.json<SessionBody>();
    expect(body.customer).toMatchObject({ id: sub, name: "Ada" });
    const exported = await call(`/customers/${anonymousId}/export`, { token: adminToken });
    expect((await exported.json<{ sessions: unknown[] }>()).sessions).toEqual([]);
    const audit = await call(`/audit?subject=${sub}`, { token: adminToken });
    const merges = (await audit.json<{ entries: { action: string }[] }>()).entries.filter(
      (e) => e.action === "customer.merge",
    );
    expect(merges).toHaveLength(1);
  });

  it("takes part as one customer, the known one, even as the anonymous token marks it read", async () => {
    const anonymous = await createSession();
    const sub = unique("reader");
    await conversationsOf(await signIdentity({ sub, name: "Ada" }), anonymous.customer_token.token);
    // A tab still holding the anonymous token reads on.
    const read = await act(`/sessions/${anonymous.id}/read`, anonymous.customer_token.token, {
      last_read_seq: 1,
    });
    expect(read.body).toEqual({ last_read_seq: 1, unread: 0 });
    const listed = await call(`/sessions/${anonymous.id}/participants`, { token: adminToken });
    const { participants } = await listed.json<{
      participants: { id: string; role: string; name: string | null; last_read_seq: number }[];
    }>();
    expect(participants.filter((p) => p.role === "customer")).toEqual([
      expect.objectContaining({ id: sub, name: "Ada", last_read_seq: 1 }),
    ]);
  });

  it("goes to exactly one customer when two sign in with the same anonymous chat at once", async () => {
    const anonymous = await createSession();
    const subs = [unique("racer-a"), unique("racer-b")];
    const identities = await Promise.all(
      Array.from({ length: 8 }, (_, i) => signIdentity({ sub: subs[i % 2] as string })),
    );
    const answers = await Promise.all(
      identities.map((identity) => conversationsOf(identity, anonymous.customer_token.token)),
    );
    expect(answers.reduce((sum, a) => sum + a.merged, 0)).toBe(1);
    const winner = answers.find((a) => a.merged === 1)?.customer_id;
    const owners = await Promise.all(
      subs.map(async (sub) => (await conversationsOf(await signIdentity({ sub }))).sessions.length),
    );
    expect(owners).toEqual(subs.map((sub) => (sub === winner ? 1 : 0)));
  });

  it("refuses a token that is not an anonymous chat's, and moves and records nothing", async () => {
    const owner = unique("owner");
    const known = await startAs(await signIdentity({ sub: owner }));
    const thiefId = unique("thief");
    const thief = await signIdentity({ sub: thiefId });
    for (const token of [known.customer_token.token, await mint({ subject: "agent-x" }), "junk"]) {
      const response = await conversations(thief, token);
      expect(response.status).toBe(400);
    }
    expect((await conversationsOf(await signIdentity({ sub: owner }))).sessions).toHaveLength(1);
    // A refused request writes nothing: not even the contact its (valid) identity names.
    expect((await call(`/contacts/${thiefId}`, { token: adminToken })).status).toBe(404);
  });
});

describe("an erased customer", () => {
  it("is not brought back by an identity signed before the erasure; a later one starts afresh", async () => {
    const sub = unique("erased");
    const before = await signIdentity({ sub, name: "Old" });
    await startAs(before);
    const erased = await call(`/customers/${sub}`, { method: "DELETE", token: adminToken });
    expect(erased.status).toBe(200);
    expect((await call(`/contacts/${sub}`, { token: adminToken })).status).toBe(404);

    expect((await postJson("/sessions", { identity_token: before }, { token: null })).status).toBe(
      403,
    );
    expect((await conversations(before)).status).toBe(403);
    expect((await call(`/contacts/${sub}`, { token: adminToken })).status).toBe(404);

    const after = await signIdentity({ sub }, { iat: Math.floor(Date.now() / 1000) + 2 });
    const fresh = await conversationsOf(after);
    expect(fresh.sessions).toEqual([]);
  });
});
