// Contacts for agents: the customer as a person, with declared attributes, every change audited,
// concurrent changes never lost; listed and searched; exported and erased with the customer.
import { describe, expect, it } from "vitest";
import { agentToken, call, createSession, mint, postJson, supervisorToken } from "../../helpers";
import { openQueue } from "../../live-helpers";
import { signIdentity } from "./identity-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });
const unique = (base: string) => `${base}-${crypto.randomUUID().slice(0, 8)}`;

interface ContactBody {
  id: string;
  name: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  verified: boolean;
}

const send = (method: string, path: string, body: unknown, token: string) =>
  call(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    token,
  });
const patch = (id: string, body: unknown, token = agentToken) =>
  send("PATCH", `/contacts/${encodeURIComponent(id)}`, body, token);
const declare = (key: string, type: string, label = key) =>
  send("PUT", `/contact-attributes/${key}`, { type, label }, supervisorToken);
const contactOf = async (id: string) =>
  (
    await (
      await call(`/contacts/${encodeURIComponent(id)}`, { token: agentToken })
    ).json<{
      contact: ContactBody;
      sessions: { session_id: string }[];
    }>()
  ).contact;
const auditOf = async (id: string) =>
  (
    await (
      await call(`/audit?subject=${encodeURIComponent(id)}`, { token: adminToken })
    ).json<{ entries: { action: string; actor_id: string; detail: Record<string, unknown> }[] }>()
  ).entries.filter((e) => e.action === "contact.update");

const signIn = async (claims: Parameters<typeof signIdentity>[0]) =>
  postJson(
    "/identity/conversations",
    { identity_token: await signIdentity(claims) },
    { token: null },
  );

describe("a contact", () => {
  it("is made from an anonymous customer's sessions, and agents describe them, audited", async () => {
    const session = await createSession({
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ locale: "de-AT" }),
    });
    const id = session.customer?.id as string;
    const seen = await contactOf(id);
    // Their language is the one they chatted in.
    expect(seen).toMatchObject({
      id,
      name: null,
      locale: "de-AT",
      verified: false,
      attributes: {},
    });

    expect((await declare("plan", "string", "Plan")).status).toBe(200);
    const changed = await patch(id, {
      name: "Lin",
      email: "LIN@example.com",
      attributes: { plan: "pro" },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      name: "Lin",
      email: "lin@example.com",
      attributes: { plan: "pro" },
    });
    const [entry] = await auditOf(id);
    expect(entry?.actor_id).toBe("agent-alice");
    expect(entry?.detail).toEqual({
      changes: {
        name: { from: null, to: "Lin" },
        email: { from: null, to: "lin@example.com" },
        "attributes.plan": { from: null, to: "pro" },
      },
    });
    // Clearing: null removes; the same values again change nothing and record nothing.
    expect((await patch(id, { attributes: { plan: null } })).status).toBe(200);
    expect((await contactOf(id)).attributes).toEqual({});
    await patch(id, { name: "Lin" });
    expect(await auditOf(id)).toHaveLength(2);
  });

  it("names their conversations once an agent names them: the session, the lists, who is in it", async () => {
    const session = await createSession({
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ contact: { name: "olga" } }),
    });
    const id = session.customer?.id as string;
    expect(
      (await postJson(`/sessions/${session.id}/messages`, { content: "Where is my parcel?" }))
        .status,
    ).toBe(201);
    const shown = async () => {
      const read = await (await call(`/sessions/${session.id}`, { token: agentToken })).json<{
        customer: { name: string | null };
      }>();
      const listed = await (
        await call("/sessions?sort=activity&limit=100", { token: agentToken })
      ).json<{ sessions: { id: string; customer: { name: string | null } | null }[] }>();
      const people = await (
        await call(`/sessions/${session.id}/participants`, { token: agentToken })
      ).json<{ participants: { id?: string; name: string | null }[] }>();
      return {
        read: read.customer.name,
        listed: listed.sessions.find((s) => s.id === session.id)?.customer?.name,
        inIt: people.participants.find((p) => p.id === id)?.name,
      };
    };
    expect(await shown()).toEqual({ read: "olga", listed: "olga", inIt: "olga" });
    // The consoles listing or showing the session hear of it from its queue.
    const queue = await openQueue(supervisorToken);
    await queue.until((frames) => frames.some((f) => f.type === "ready"));
    const renamed = () =>
      queue.frames.flatMap((f) =>
        f.type === "queue" && f.change === "renamed" && f.session.id === session.id
          ? [f.session.customer?.name]
          : [],
      );

    expect((await patch(id, { name: "Olga Petrova" })).status).toBe(200);
    const named = { read: "Olga Petrova", listed: "Olga Petrova", inIt: "Olga Petrova" };
    expect(await shown()).toEqual(named);
    await queue.until(() => renamed().length === 1);
    expect(renamed()).toEqual(["Olga Petrova"]);
    // A change that names nobody (the name cleared, or only an email) leaves what they are called.
    expect((await patch(id, { email: "olga@example.com" })).status).toBe(200);
    expect((await patch(id, { name: null })).status).toBe(200);
    expect(await shown()).toEqual(named);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(renamed()).toEqual(["Olga Petrova"]);
    queue.ws.close();
    // Agents naming them at once: the sessions carry the name the contact kept, not an earlier one.
    const names = Array.from({ length: 6 }, (_, i) => `Olga ${i}`);
    const answers = await Promise.all(names.map((name) => patch(id, { name })));
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 200));
    const kept = (await contactOf(id)).name as string;
    expect(names).toContain(kept);
    expect(await shown()).toEqual({ read: kept, listed: kept, inIt: kept });
  });

  it("refuses undeclared or mistyped attributes and unknown fields, changing nothing", async () => {
    const id = (await createSession()).customer?.id as string;
    expect((await declare("seats", "number")).status).toBe(200);
    for (const body of [
      { attributes: { undeclared_thing: "x" } },
      { name: "Ok", attributes: { seats: "many" } },
      { nickname: "x" },
      { email: "not an email" },
      // A lone surrogate, refused as in a name (it would be stored as three U+FFFD).
      { attributes: { seats: 2, plan: "x\ud800" } },
    ]) {
      const refused = await patch(id, body);
      expect(refused.status).toBe(400);
      expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
    }
    expect(await contactOf(id)).toMatchObject({ name: null, attributes: {} });
    expect(await auditOf(id)).toEqual([]);
    // A declared attribute's type never changes, nor its label by the refused request.
    expect((await declare("seats", "number", "Seats")).status).toBe(200);
    expect((await declare("seats", "string", "Renamed")).status).toBe(409);
    const declared = await (await call("/contact-attributes", { token: agentToken })).json<{
      attributes: { key: string; type: string; label: string }[];
    }>();
    expect(declared.attributes.find((a) => a.key === "seats")).toMatchObject({
      type: "number",
      label: "Seats",
    });
  });

  it("loses no change when agents change it at the same time", async () => {
    const id = (await createSession()).customer?.id as string;
    const keys = Array.from({ length: 8 }, (_, i) => `race_${i}`);
    for (const key of keys) expect((await declare(key, "boolean")).status).toBe(200);
    const answers = await Promise.all(
      keys.map((key) => patch(id, { attributes: { [key]: true } })),
    );
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 200));
    // Every change is there, each with its own audit entry.
    expect(Object.keys((await contactOf(id)).attributes).sort()).toEqual(keys);
    expect(await auditOf(id)).toHaveLength(keys.length);
  });

  it("takes from a signed identity its declared attributes only, audited only when they change", async () => {
    const sub = unique("signed");
    expect((await declare("tier", "string")).status).toBe(200);
    expect((await declare("since", "date")).status).toBe(200);
    const claims = {
      sub,
      name: "Sig",
      attributes: { tier: "gold", since: "2024-05-01", secret_flag: true, seats: "oops" },
    };
    expect((await signIn(claims)).status).toBe(200);
    expect(await contactOf(sub)).toMatchObject({
      name: "Sig",
      verified: true,
      attributes: { tier: "gold", since: "2024-05-01" },
    });
    expect((await signIn(claims)).status).toBe(200);
    expect(await auditOf(sub)).toHaveLength(1);
    expect((await signIn({ sub, attributes: { tier: "platinum" } })).status).toBe(200);
    expect((await contactOf(sub)).attributes).toEqual({ tier: "platinum", since: "2024-05-01" });
    expect(await auditOf(sub)).toHaveLength(2);
  });

  it("keeps a signed name or attribute cut through an emoji as the answer showed it, U+FFFD in the cut", async () => {
    const sub = unique("cut");
    expect((await declare("tier", "string")).status).toBe(200);
    const started = await postJson(
      "/sessions",
      {
        identity_token: await signIdentity({
          sub,
          name: "Eve \ud83d",
          attributes: { tier: "gold \udc4d" },
        }),
      },
      { token: null },
    );
    expect(started.status).toBe(201);
    const answered = await started.json<{ customer: { name: string } }>();
    expect(answered.customer.name).toBe("Eve \ufffd");
    expect(await contactOf(sub)).toMatchObject({
      name: "Eve \ufffd",
      attributes: { tier: "gold \ufffd" },
    });
  });

  it("is listed newest first, searched by name, email or id, and paged without repeats", async () => {
    const tag = unique("zq");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sub = `${tag}-${i}`;
      ids.push(sub);
      expect(
        (await signIn({ sub, name: `Person ${tag} ${i}`, email: `p${i}.${tag}@example.com` }))
          .status,
      ).toBe(200);
    }
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/contacts?q=${tag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await (await call(query, { token: agentToken })).json<{
        contacts: ContactBody[];
        next_cursor: string | null;
      }>();
      pages.push(...page.contacts.map((c) => c.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages.sort()).toEqual([...ids].sort());
    const byEmail = await (await call(`/contacts?q=P3.${tag}@`, { token: agentToken })).json<{
      contacts: ContactBody[];
    }>();
    expect(byEmail.contacts.map((c) => c.id)).toEqual([`${tag}-3`]);
    const byId = await (await call(`/contacts?q=${tag}-4`, { token: agentToken })).json<{
      contacts: ContactBody[];
    }>();
    expect(byId.contacts.map((c) => c.id)).toEqual([`${tag}-4`]);
    expect((await call("/contacts?cursor=bm9wZQ", { token: agentToken })).status).toBe(400);
  });

  it("is exported and erased with the customer; an unknown customer has none", async () => {
    const sub = unique("gdpr");
    await signIn({ sub, name: "Gone Soon", email: "gone@example.com" });
    const exported = await call(`/customers/${sub}/export`, { token: adminToken });
    expect(await exported.json()).toMatchObject({ contact: { id: sub, name: "Gone Soon" } });
    expect((await call(`/customers/${sub}`, { method: "DELETE", token: adminToken })).status).toBe(
      200,
    );
    expect((await call(`/contacts/${sub}`, { token: agentToken })).status).toBe(404);
    expect((await patch(sub, { name: "Back?" })).status).toBe(404);
  });
});
