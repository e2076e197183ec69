// A customer's email reply lands in the conversation once, as them, without the quoted history, in
// the styles real mail clients write; auto-replies, bounces, loops, strangers and forged or expired
// reply addresses are dropped and counted. The MIME samples are written as those clients send them.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { replyAddress } from "../../../src/features/email/reply-address";
import { call, postJson, type SessionBody, type StartedSession, testServices } from "../../helpers";
import { signIdentity } from "../customers/identity-helpers";

const SECRET = String(env.AUTH_SIGNING_KEYS).split(",")[0]?.split(":")[1] as string;
const services = testServices({ mailer: env.EMAIL as SendEmail });
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

async function conversation() {
  const email = `${unique("r")}@example.com`;
  const identity = await signIdentity({ sub: unique("replier"), name: "Rae", email });
  const started = await postJson("/sessions", { identity_token: identity }, { token: null });
  const session = await started.json<StartedSession>();
  const to = await replyAddress(session.id, "reply.shop.example", SECRET, new Date());
  return { email, session, to };
}

interface Mime {
  from: string;
  to: string;
  body: string;
  headers?: string;
  contentType?: string;
  messageId?: string;
}

const mime = ({ from, to, body, headers = "", contentType, messageId }: Mime) =>
  [
    `From: Rae <${from}>`,
    `To: ${to}`,
    "Subject: Re: New reply from Acme Outdoor",
    `Message-ID: ${messageId ?? `<${crypto.randomUUID()}@mail.example.com>`}`,
    "Date: Fri, 04 Dec 2026 22:00:00 +0000",
    "MIME-Version: 1.0",
    headers,
    `Content-Type: ${contentType ?? 'text/plain; charset="UTF-8"'}`,
    "",
    body,
  ]
    .filter((line, i) => line !== "" || i > 6)
    .join("\r\n");

const receive = (from: string, to: string, raw: string) =>
  services.inbound.receive({ from, to, raw });

async function messagesOf(session: StartedSession): Promise<string[]> {
  const response = await call(`/sessions/${session.id}`, { token: session.customer_token.token });
  return (await response.json<SessionBody>()).messages
    .filter((m) => m.author_type === "customer")
    .map((m) => m.content);
}

const QUOTES: Record<string, string> = {
  gmail: `Yes, the blue one please.\n\nOn Fri, Dec 4, 2026 at 10:00 PM Acme Outdoor <\nsupport@shop.example> wrote:\n> You have a new reply from Acme Outdoor:\n> Which colour?\n`,
  apple: `Yes, the blue one please.\n\n> On 4 Dec 2026, at 22:00, Acme Outdoor <support@shop.example> wrote:\n>\n> Which colour?\n`,
  outlook: `Yes, the blue one please.\n\n-----Original Message-----\nFrom: Acme Outdoor <support@shop.example>\nSent: Friday, December 4, 2026 10:00 PM\nSubject: New reply\n\nWhich colour?\n`,
  "outlook header block": `Yes, the blue one please.\n\nFrom: Acme Outdoor <support@shop.example>\nSent: Friday, December 4, 2026 10:00 PM\nTo: rae@example.com\n\nWhich colour?\n`,
  french: `Yes, the blue one please.\n\nLe ven. 4 déc. 2026 à 22:00, Acme Outdoor <support@shop.example> a écrit :\n> Which colour?\n`,
  signature: `Yes, the blue one please.\n-- \nRae, sent from my phone\n`,
};

describe("a customer's email reply", () => {
  it.each(Object.entries(QUOTES))("lands without the quoted history (%s)", async (_, body) => {
    const { email, session, to } = await conversation();
    expect(await receive(email, to, mime({ from: email, to, body }))).toBe("landed");
    expect(await messagesOf(session)).toEqual(["Yes, the blue one please."]);
  });

  it("lands from an HTML-only email, as text, without Gmail's quote", async () => {
    const { email, session, to } = await conversation();
    const html = `<div dir="ltr">Yes, the <b>blue</b> one &amp; a bag.<br>Thanks</div><br><div class="gmail_quote"><div class="gmail_attr">On Fri, Dec 4 … wrote:</div><blockquote>Which colour?</blockquote></div>`;
    const raw = mime({ from: email, to, body: html, contentType: 'text/html; charset="UTF-8"' });
    expect(await receive(email, to, raw)).toBe("landed");
    expect(await messagesOf(session)).toEqual(["Yes, the blue one & a bag.\nThanks"]);
  });

  it("lands its text from a multipart email with an attachment, which is left out", async () => {
    const { email, session, to } = await conversation();
    const body = [
      "--b1",
      'Content-Type: multipart/alternative; boundary="b2"',
      "",
      "--b2",
      "Content-Type: text/plain; charset=UTF-8",
      "",
      "Photo of the broken zip attached.",
      "--b2",
      "Content-Type: text/html; charset=UTF-8",
      "",
      "<p>Photo of the broken zip attached.</p>",
      "--b2--",
      "--b1",
      'Content-Type: image/png; name="zip.png"',
      "Content-Transfer-Encoding: base64",
      'Content-Disposition: attachment; filename="zip.png"',
      "",
      "iVBORw0KGgo=",
      "--b1--",
    ].join("\r\n");
    const raw = mime({ from: email, to, body, contentType: 'multipart/mixed; boundary="b1"' });
    expect(await receive(email, to, raw)).toBe("landed");
    expect(await messagesOf(session)).toEqual(["Photo of the broken zip attached."]);
  });

  it("lands once, however often and however concurrently it is delivered", async () => {
    const { email, session, to } = await conversation();
    const raw = mime({
      from: email,
      to,
      body: "Only once",
      messageId: `<${unique("m")}@x.example>`,
    });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => receive(email, to, raw)));
    expect(outcomes.filter((o) => o === "landed")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(4);
    expect(await receive(email, to, raw)).toBe("duplicate");
    expect(await messagesOf(session)).toEqual(["Only once"]);
  });
});

describe("mail that is not a customer's reply", () => {
  it("is dropped and counted: auto-replies, loops, strangers, forged and expired addresses", async () => {
    const { email, session, to } = await conversation();
    const before = await new (await import("../../../src/features/email")).InboundRepository(
      env.DB,
    ).counts();
    const outOfOffice = mime({
      from: email,
      to,
      body: "I am away",
      headers: "Auto-Submitted: auto-replied",
    });
    const bulk = mime({ from: email, to, body: "Newsletter", headers: "Precedence: bulk" });
    expect(await receive(email, to, outOfOffice)).toBe("auto");
    expect(await receive(email, to, bulk)).toBe("auto");
    const ours = "support@shop.example";
    expect(await receive(ours, to, mime({ from: ours, to, body: "Loop" }))).toBe("loop");
    const stranger = "mallory@evil.example";
    expect(await receive(stranger, to, mime({ from: stranger, to, body: "Hi" }))).toBe("sender");
    const forged = to.replace(/\.[0-9a-f]{16}@/, ".0123456789abcdef@");
    expect(await receive(email, forged, mime({ from: email, to: forged, body: "x" }))).toBe(
      "address",
    );
    const old = await replyAddress(
      session.id,
      "reply.shop.example",
      SECRET,
      new Date(Date.now() - 40 * 86_400_000),
    );
    expect(await receive(email, old, mime({ from: email, to: old, body: "x" }))).toBe("address");
    expect(await receive(email, to, mime({ from: email, to, body: "> only a quote\n" }))).toBe(
      "empty",
    );
    expect(await messagesOf(session)).toEqual([]);
    const after = await new (await import("../../../src/features/email")).InboundRepository(
      env.DB,
    ).counts();
    const grew = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([grew("auto"), grew("loop"), grew("sender"), grew("address"), grew("empty")]).toEqual([
      2, 1, 1, 2, 1,
    ]);
  });

  it("is a bounce: dropped, and the address is never emailed again", async () => {
    const { email, session, to } = await conversation();
    const daemon = "MAILER-DAEMON@mail.example.com";
    const bounce = mime({
      from: daemon,
      to,
      contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
      body: "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--r--",
    });
    expect(await receive(daemon, to, bounce)).toBe("bounce");
    await postJson(`/sessions/${session.id}/messages`, {
      content: "Are you there?",
      author_type: "service_agent",
    });
    expect(await services.emailNotifier.notify(session.id)).toEqual({ kind: "nothing" });
    const { results } = await env.DB.prepare(
      "select reason from email_suppressions where email = ?",
    )
      .bind(email)
      .all();
    expect(results).toEqual([{ reason: "bounced" }]);
  });
});
