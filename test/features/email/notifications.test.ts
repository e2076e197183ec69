// Replies a customer has not seen are emailed to them once (Email Service, simulated by workerd):
// never what they saw live or read, never internal notes, never twice, never to an address that
// unsubscribed; the email carries a one-click unsubscribe (RFC 8058).
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { agentToken, call, mint, postJson, type StartedSession, testServices } from "../../helpers";
import { openLive } from "../../live-helpers";
import { signIdentity } from "../customers/identity-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sent {
  last_seq: number;
  recipient: string;
  message_id: string | null;
}

async function customerWithEmail(email = `${unique("c")}@example.com`) {
  const sub = unique("emailed");
  const identity = await signIdentity({ sub, name: "Eve", email });
  const response = await postJson("/sessions", { identity_token: identity }, { token: null });
  expect(response.status).toBe(201);
  return { sub, email, session: await response.json<StartedSession>() };
}

const reply = (sessionId: string, content: string, visibility = "public") =>
  postJson(
    `/sessions/${sessionId}/messages`,
    { content, author_type: "service_agent", visibility },
    { token: agentToken },
  );

/** Waits out the window, then rings the session room's alarm. */
async function ring(sessionId: string) {
  await sleep(1_100);
  await runDurableObjectAlarm(env.SESSION_ROOMS.get(env.SESSION_ROOMS.idFromName(sessionId)));
}

async function sent(sessionId: string): Promise<Sent[]> {
  const { results } = await env.DB.prepare(
    "select last_seq, recipient, message_id from email_notifications where session_id = ? order by last_seq",
  )
    .bind(sessionId)
    .all<Sent>();
  return results;
}

describe("an unseen reply", () => {
  it("is emailed once; a later one gets its own email", async () => {
    const { session, email } = await customerWithEmail();
    expect((await reply(session.id, "Your parcel left today")).status).toBe(201);
    await ring(session.id);
    const first = await sent(session.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ recipient: email, message_id: expect.stringMatching(/@/) });
    // Agents see which replies it carried; the customer may not ask.
    const log = await call(`/sessions/${session.id}/emails`, { token: agentToken });
    expect(await log.json()).toEqual({
      emails: [
        {
          first_seq: first[0]?.last_seq,
          last_seq: first[0]?.last_seq,
          sent_at: expect.any(String),
        },
      ],
    });
    const asCustomer = await call(`/sessions/${session.id}/emails`, {
      token: session.customer_token.token,
    });
    expect(asCustomer.status).toBe(403);
    // Ringing again sends nothing more.
    await ring(session.id);
    expect(await sent(session.id)).toHaveLength(1);

    await reply(session.id, "And here is the tracking number");
    await ring(session.id);
    const both = await sent(session.id);
    expect(both).toHaveLength(2);
    expect(both[1]?.last_seq).toBeGreaterThan(first[0]?.last_seq ?? 0);
  });

  it("is sent exactly once however many times it is asked for at once, and says what it should", async () => {
    const { session, email } = await customerWithEmail();
    await reply(session.id, "One answer <b>not bold</b>");
    // What the real (simulated) binding is handed, kept to read back.
    const handed: EmailMessageBuilder[] = [];
    const mailer = {
      send: (message: EmailMessageBuilder) => {
        handed.push(message);
        return (env.EMAIL as SendEmail).send(message);
      },
    } as SendEmail;
    // Before the room's own alarm (a second later), which then finds it sent.
    const { emailNotifier } = testServices({ mailer });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => emailNotifier.notify(session.id)),
    );
    expect(results.filter((r) => r.kind === "sent")).toHaveLength(1);
    expect(await sent(session.id)).toHaveLength(1);
    expect(handed).toHaveLength(1);
    const [message] = handed;
    expect(message).toMatchObject({
      to: email,
      from: { email: "support@shop.example", name: "Acme Outdoor" },
      subject: "New reply from Acme Outdoor",
    });
    expect(message?.html).toBeUndefined();
    expect(message?.text).toContain("Alice:\nOne answer <b>not bold</b>");
    // The link opens this conversation in the widget on the site: exchanged once there for its token.
    const link = /https:\/\/shop\.example\/#support-chat-open=([0-9a-f]{36}\.[0-9a-f]{16})/.exec(
      message?.text ?? "",
    )?.[1];
    expect(link).toBeDefined();
    const opened = await postJson("/email/open", { link }, { token: null });
    expect(opened.status).toBe(200);
    const { token } = await opened.json<{ token: string }>();
    expect((await call(`/sessions/${session.id}`, { token })).status).toBe(200);
    const forged = `${link?.slice(0, 37)}0123456789abcdef`;
    expect((await postJson("/email/open", { link: forged }, { token: null })).status).toBe(403);
    const { openLink } = await import("../../../src/features/email/open-link");
    const secret = String(env.AUTH_SIGNING_KEYS).split(",")[0]?.split(":")[1] as string;
    const stale = await openLink(session.id, secret, new Date(Date.now() - 3 * 86_400_000));
    expect((await postJson("/email/open", { link: stale }, { token: null })).status).toBe(403);
    // A reply to it lands in the conversation (inbound.test.ts): the address names the session.
    expect(message?.replyTo).toMatch(/^reply\+[0-9a-f]{36}\.[0-9a-f]{16}@reply\.shop\.example$/);
    expect(message?.replyTo).toContain(session.id.replaceAll("-", ""));
    expect(message?.text).toContain("Reply to this email to answer.");
    expect(message?.headers?.["List-Unsubscribe"]).toMatch(
      /^<https:\/\/chat\.example\/email\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
    );
    expect(message?.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("is not emailed when the customer is connected, saw it live, has read it, or it is an internal note", async () => {
    const live = await customerWithEmail();
    const socket = await openLive(live.session.id, "", {
      token: live.session.customer_token.token,
    });
    await reply(live.session.id, "Seen live");
    await ring(live.session.id);
    expect(await sent(live.session.id)).toEqual([]);
    // Shown live, then the customer left before the window passed: they saw it, so no email.
    await reply(live.session.id, "Seen, then gone");
    await socket.until((frames) =>
      frames.some((f) => f.type === "message" && f.message.content === "Seen, then gone"),
    );
    socket.ws.close();
    await socket.closed;
    await ring(live.session.id);
    expect(await sent(live.session.id)).toEqual([]);

    const read = await customerWithEmail();
    await reply(read.session.id, "Read it");
    // Writing after the reply marks it read.
    await postJson(
      `/sessions/${read.session.id}/messages`,
      { content: "Thanks!" },
      { token: read.session.customer_token.token },
    );
    await ring(read.session.id);
    expect(await sent(read.session.id)).toEqual([]);

    const noted = await customerWithEmail();
    await reply(noted.session.id, "Only for agents", "internal");
    await ring(noted.session.id);
    expect(await sent(noted.session.id)).toEqual([]);
    // Three customers and eight waits for the email window: 2-6 s on a busy machine.
  }, 20_000);

  it("is not emailed to a customer with no address", async () => {
    const anonymous = await postJson("/sessions", {}, { token: null });
    const session = await anonymous.json<StartedSession>();
    await reply(session.id, "Anyone there?");
    await ring(session.id);
    expect(await sent(session.id)).toEqual([]);
  });
});

describe("unsubscribing", () => {
  it("takes one click from the email's link, and no email follows; a forged link changes nothing", async () => {
    const { session, email } = await customerWithEmail();
    await reply(session.id, "First");
    await ring(session.id);
    expect(await sent(session.id)).toHaveLength(1);

    const { unsubscribeToken } = await import("../../../src/features/email/unsubscribe-token");
    const secret = String(env.AUTH_SIGNING_KEYS).split(",")[0]?.split(":")[1] as string;
    const token = await unsubscribeToken(email, secret);
    const page = await call(`/email/unsubscribe?token=${token}`, { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    const forged = await unsubscribeToken(email, "not-our-secret-0123456789-0123456789");
    const refused = await call(`/email/unsubscribe?token=${forged}`, {
      method: "POST",
      token: null,
    });
    expect(refused.status).toBe(400);

    const clicked = await call(`/email/unsubscribe?token=${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      token: null,
    });
    expect(clicked.status).toBe(200);
    await reply(session.id, "Second");
    await ring(session.id);
    expect(await sent(session.id)).toHaveLength(1);
  });
});

describe("erasing the customer", () => {
  it("removes what was emailed to them", async () => {
    const { session, sub } = await customerWithEmail();
    await reply(session.id, "Something");
    await ring(session.id);
    expect(await sent(session.id)).toHaveLength(1);
    const erased = await call(`/customers/${sub}`, { method: "DELETE", token: adminToken });
    expect(erased.status).toBe(200);
    expect(await sent(session.id)).toEqual([]);
  });
});
