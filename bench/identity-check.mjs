// A black-box check of identified customers against `wrangler dev`, as sites, customers and agents
// would drive it: CUSTOMERS anonymous chats, each signed in by two different users at once, four
// times (so every anonymous chat races to be merged twice over); forged identities; agents changing
// one contact at once. Then, over the API only: every anonymous chat belongs to exactly one user,
// each user lists exactly their own chats, every forged identity got 403 and read nothing, every
// agent's change landed, and nothing answered 5xx.
// `npm run check:identity`; settings (env): CHECK_CUSTOMERS (50).
import { runMain } from "./dev.mjs";
import { mintToken, newSecret } from "./setup.mjs";
import { startSignedIn } from "./signed-in.mjs";
import { envNumber, fmt, median } from "./stats.mjs";

const CUSTOMERS = envNumber("CHECK_CUSTOMERS", 50, { positive: true });
const AGENTS = 10;

await runMain("identity check", "support-chat-identity-", async (workDir) => {
  const { secret, api, signIdentity, latencies } = await startSignedIn(workDir, "ours-identity", {
    vars: { LOG_LEVEL: "warn" },
  });
  const sign = (sub, key) => signIdentity(sub, { name: `User ${sub}` }, key);
  const failures = [];
  const expectThat = (ok, what) => ok || failures.push(what);

  // Anonymous chats, each with a message.
  const chats = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const started = await api("POST", "/sessions", {});
      const token = started.body.customer_token.token;
      await api("POST", `/sessions/${started.body.id}/messages`, { content: `hello ${i}` }, token);
      return { id: started.body.id, token, users: [`site-${i}-a`, `site-${i}-b`] };
    }),
  );

  // Every chat: its two users sign in with it at once, twice each.
  const merges = await Promise.all(
    chats.flatMap((chat) =>
      [0, 1, 2, 3].map(async (n) => {
        const user = chat.users[n % 2];
        const answer = await api("POST", "/identity/conversations", {
          identity_token: await sign(user),
          anonymous_token: chat.token,
        });
        expectThat(answer.status === 200, `merge ${chat.id} as ${user}: ${answer.status}`);
        return { chat, user, merged: answer.body?.merged ?? 0 };
      }),
    ),
  );
  for (const chat of chats) {
    const merged = merges.filter((m) => m.chat === chat && m.merged > 0);
    expectThat(merged.length === 1, `chat ${chat.id} merged ${merged.length} times`);
    const lists = await Promise.all(
      chat.users.map(async (user) => {
        const { body } = await api("POST", "/identity/conversations", {
          identity_token: await sign(user),
        });
        return body.sessions.map((s) => s.session_id);
      }),
    );
    const owners = chat.users.filter((_, i) => lists[i].includes(chat.id));
    expectThat(owners.length === 1, `chat ${chat.id} listed by ${owners.length} users`);
    expectThat(
      lists.every((list) => list.every((id) => id === chat.id)),
      `a user of chat ${chat.id} lists another chat`,
    );
    expectThat(owners[0] === merged[0]?.user, `chat ${chat.id}: listed by another than merged`);
  }

  // Forged identities: refused, nothing read.
  const forged = await Promise.all(
    chats.map(async (chat) => {
      const identity = await sign(chat.users[0], newSecret());
      const listed = await api("POST", "/identity/conversations", { identity_token: identity });
      const token = await api("POST", `/identity/sessions/${chat.id}/token`, {
        identity_token: identity,
      });
      return [listed.status, token.status];
    }),
  );
  expectThat(
    forged.flat().every((status) => status === 403),
    "a forged identity was not refused",
  );

  // Agents change one contact at once, each its own attribute.
  const admin = await mintToken(secret, { sub: "check-admin", role: "admin", name: "Admin" });
  const keys = Array.from({ length: AGENTS }, (_, i) => `flag_${i}`);
  for (const key of keys)
    await api("PUT", `/contact-attributes/${key}`, { type: "boolean", label: key }, admin);
  const target = chats[0].users[0];
  const agentTokens = await Promise.all(
    keys.map((_, i) => mintToken(secret, { sub: `check-agent-${i}`, role: "service_agent" })),
  );
  const patched = await Promise.all(
    keys.map((key, i) =>
      api("PATCH", `/contacts/${target}`, { attributes: { [key]: true } }, agentTokens[i]),
    ),
  );
  const contact = await api("GET", `/contacts/${target}`, undefined, admin);
  const landed = keys.filter((key) => contact.body?.contact?.attributes?.[key] === true);
  expectThat(
    patched.every((p) => p.status === 200) || patched.some((p) => p.status === 409),
    "an agent's change answered neither 200 nor 409",
  );
  const ok = patched.filter((p) => p.status === 200).length;
  expectThat(landed.length === ok, `${ok} changes answered 200, ${landed.length} landed`);

  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `identity check: ${CUSTOMERS} anonymous chats raced by ${CUSTOMERS * 4} sign-ins, ` +
      `${forged.length * 2} forged requests, ${AGENTS} agents on one contact (${ok} answered 200, ${landed.length} landed); ` +
      `${latencies.length} requests, median ${fmt(median(sorted), 1)} ms`,
  );
  if (failures.length) {
    throw new Error(`identity check failed:\n${failures.slice(0, 20).join("\n")}`);
  }
  console.log(
    "identity check: every chat has one owner, every list is its owner's, every forgery refused",
  );
});
