// A black-box check of emailing unseen replies against `wrangler dev` (Email Service simulated: it
// logs every email it is handed): CUSTOMERS signed-in customers with an address, each with a live
// socket that stays open, drops right after the reply reached it, drops before the reply, or never
// opened; an agent replies to all at once. Then, from the log: every customer who saw the reply (open
// or left after it) got no email, every other got exactly one; after a restart on the same state and another wait, still no email twice. Then each emailed
// customer replies by email, delivered twice at once through wrangler dev's /cdn-cgi/handler/email:
// every reply lands in its conversation exactly once.
// `npm run check:email`; settings (env): CHECK_CUSTOMERS (50), CHECK_SEED (11).
import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { runMain, sleep, startDev, stopDev } from "./dev.mjs";
import { mintToken } from "./setup.mjs";
import { startSignedIn } from "./signed-in.mjs";
import { envNumber } from "./stats.mjs";

const CUSTOMERS = envNumber("CHECK_CUSTOMERS", 50, { positive: true });
const SEED = envNumber("CHECK_SEED", 11);
const DELAY_SECONDS = 2;

let state = SEED;
const pick = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};

await runMain("email check", "support-chat-email-", async (workDir) => {
  const { worker, script, secret, api, signIdentity } = await startSignedIn(workDir, "ours-email", {
    vars: {
      EMAIL_FROM: "support@acme.example",
      EMAIL_SERVICE_URL: "https://chat.example",
      EMAIL_NOTIFY_DELAY_SECONDS: DELAY_SECONDS,
      EMAIL_REPLY_DOMAIN: "reply.acme.example",
    },
    // Email Service's simulation logs each email it is handed at the info level.
    logLevel: "info",
  });
  const sign = (sub, email) => signIdentity(sub, { email });
  const openSocket = async (session) => {
    const { body } = await api(
      "POST",
      `/sessions/${session.id}/live-ticket`,
      undefined,
      session.token,
    );
    const ws = new WebSocket(
      `${worker.url.replace("http", "ws")}/sessions/${session.id}/live?ticket=${encodeURIComponent(body.ticket)}`,
    );
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", reject, { once: true });
    });
    /** Resolves once the socket has been shown `content`. */
    ws.shown = (content) =>
      new Promise((resolve) => {
        ws.addEventListener("message", (event) => {
          const frame = JSON.parse(String(event.data));
          if (frame.type === "message" && frame.message.content === content) resolve();
        });
      });
    return ws;
  };

  // Customers: a third keep a socket open, a third drop theirs before the reply, a third never open one.
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const email = `customer-${i}@example.com`;
      const started = await api("POST", "/sessions", {
        identity_token: await sign(`email-check-${i}`, email),
      });
      if (started.status !== 201) throw new Error(`session ${i}: ${started.status}`);
      const session = { id: started.body.id, token: started.body.customer_token.token };
      const roll = pick();
      const kind =
        roll < 1 / 4 ? "present" : roll < 2 / 4 ? "left" : roll < 3 / 4 ? "dropped" : "never";
      const socket = kind === "never" ? null : await openSocket(session);
      return { i, email, session, kind, socket };
    }),
  );
  for (const customer of customers) if (customer.kind === "dropped") customer.socket.close();
  await sleep(500);

  const agent = await mintToken(secret, {
    sub: "check-agent",
    role: "service_agent",
    name: "Alice",
  });
  await Promise.all(
    customers.map(async ({ session, kind, socket }) => {
      const shown = kind === "left" ? socket.shown("Here is your answer") : null;
      const sent = await api(
        "POST",
        `/sessions/${session.id}/messages`,
        { content: "Here is your answer", author_type: "service_agent" },
        agent,
      );
      if (sent.status !== 201) throw new Error(`reply: ${sent.status}`);
      // Saw it, then left before the window passed.
      if (shown) {
        await shown;
        socket.close();
      }
    }),
  );
  await sleep((DELAY_SECONDS + 4) * 1000);
  const emailed = async () => {
    const log = await readFile(worker.logPath, "utf8");
    const counts = new Map();
    for (const match of log.matchAll(
      /send_email binding called with MessageBuilder:[\s\S]*?\nTo: (\S+)/g,
    )) {
      counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
    return counts;
  };
  const check = (counts, when) => {
    const wrong = customers.filter(({ email, kind }) => {
      const got = counts.get(email) ?? 0;
      return kind === "present" || kind === "left" ? got !== 0 : got !== 1;
    });
    if (wrong.length) {
      throw new Error(
        `${when}: ${wrong.length} customers got the wrong number of emails: ${wrong
          .slice(0, 5)
          .map((c) => `${c.email} (${c.kind}) got ${counts.get(c.email) ?? 0}`)
          .join(", ")}`,
      );
    }
  };
  const first = await emailed();
  check(first, "after the window");
  for (const { socket } of customers) socket?.close();

  // A restart on the same state: nothing is sent again.
  await stopDev(worker);
  await startDev(worker, script);
  await sleep((DELAY_SECONDS + 3) * 1000);
  // The restart began a new log: what it shows comes on top of what the first one did.
  const total = new Map(first);
  for (const [email, n] of await emailed()) total.set(email, (total.get(email) ?? 0) + n);
  check(total, "after a restart");
  // Replies by email, each delivered twice at once, as a mail system may.
  const emailedCustomers = customers.filter((c) => c.kind === "dropped" || c.kind === "never");
  await Promise.all(
    emailedCustomers.flatMap((customer) => {
      const to = replyAddress(customer.session.id, secret);
      const raw = [
        `From: <${customer.email}>`,
        `To: ${to}`,
        "Subject: Re: New reply from Support",
        `Message-ID: <reply-${customer.i}@mail.example.com>`,
        "Content-Type: text/plain; charset=UTF-8",
        "",
        `Reply number ${customer.i}`,
        "",
        "On Fri, Dec 4, 2026 at 10:00 PM Support <support@acme.example> wrote:",
        "> Here is your answer",
      ].join("\r\n");
      const deliver = async () => {
        const url = `${worker.url}/cdn-cgi/handler/email?from=${encodeURIComponent(customer.email)}&to=${encodeURIComponent(to)}`;
        const response = await fetch(url, { method: "POST", body: raw });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`email handler: ${response.status}`);
      };
      return [deliver(), deliver()];
    }),
  );
  const landed = await Promise.all(
    emailedCustomers.map(async ({ i, session }) => {
      const { body } = await api(
        "GET",
        `/sessions/${session.id}?limit=50`,
        undefined,
        session.token,
      );
      return body.messages.filter((m) => m.content === `Reply number ${i}`).length;
    }),
  );
  if (!landed.every((n) => n === 1)) {
    throw new Error(`email replies landed ${landed.join(",")} times (each should be once)`);
  }
  const by = (kind) => customers.filter((c) => c.kind === kind).length;
  console.log(
    `email check: ${CUSTOMERS} customers (${by("present")} connected, ${by("left")} left after seeing the reply, ${by("dropped")} dropped before it, ${by("never")} never connected): ` +
      `${[...first.values()].reduce((a, b) => a + b, 0)} emails, one to each who never saw the reply, none to those who did, none again after a restart; ${emailedCustomers.length} email replies, each delivered twice, each landed once`,
  );
});

/** The reply address an email of this service carries (docs/customers.md; src/features/email/reply-address.ts). */
function replyAddress(sessionId, secret) {
  const day = Math.floor(Date.now() / 86_400_000)
    .toString(16)
    .padStart(4, "0");
  const payload = `${sessionId.replaceAll("-", "")}${day}`;
  const mac = createHmac("sha256", secret).update(`reply:${payload}`).digest("hex").slice(0, 16);
  return `reply+${payload}.${mac}@reply.acme.example`;
}
