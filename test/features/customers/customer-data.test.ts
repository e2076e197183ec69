// A customer's data requests (admins): export everything about them from D1 and the archive, erase
// it from both, and the audit log of who did what and when.
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  env,
  mint,
  postJson,
  supervisorToken,
} from "../../helpers";
import { openLive } from "../../live-helpers";
import { archiver } from "../archive/archive-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });

const archiveNow = () => archiver().run();

interface Exported {
  customer_id: string;
  sessions: { id: string; archived?: boolean; messages: { content: string }[] }[];
}

/** A customer with an archived session (with an internal note) and a live one. */
async function customerWithHistory() {
  const first = await createSession();
  await postJson(`/sessions/${first.id}/messages`, { content: "first visit" });
  await postJson(
    `/sessions/${first.id}/messages`,
    { content: "note about them", visibility: "internal" },
    { token: agentToken },
  );
  expect((await act(`/sessions/${first.id}/resolve`, supervisorToken)).status).toBe(200);
  expect((await archiveNow()).archived).toBeGreaterThanOrEqual(1);
  const second = await createSession({ token: first.customer_token.token });
  await postJson(`/sessions/${second.id}/messages`, { content: "second visit" });
  const customerId = first.customer?.id ?? "";
  expect(second.customer?.id).toBe(customerId);
  return { customerId, archivedId: first.id, liveId: second.id };
}

const path = (customerId: string) => `/customers/${encodeURIComponent(customerId)}`;

describe("a customer's data", () => {
  it("is exported whole, from D1 and the archive, by admins only, and the export is audited", async () => {
    const { customerId, archivedId, liveId } = await customerWithHistory();
    const refused = await call(`${path(customerId)}/export`, { token: supervisorToken });
    expect(refused.status).toBe(403);

    const response = await call(`${path(customerId)}/export`, { token: adminToken });
    expect(response.status).toBe(200);
    const exported = await response.json<Exported>();
    expect(exported.customer_id).toBe(customerId);
    const byId = new Map(exported.sessions.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual([archivedId, liveId].sort());
    expect(byId.get(archivedId)?.archived).toBe(true);
    expect(byId.get(archivedId)?.messages.map((m) => m.content)).toContain("note about them");
    expect(byId.get(liveId)?.messages.map((m) => m.content)).toContain("second visit");

    const audit = await call(`/audit?subject=${encodeURIComponent(customerId)}`, {
      token: adminToken,
    });
    const { entries } = await audit.json<{ entries: Record<string, unknown>[] }>();
    expect(entries).toEqual([
      expect.objectContaining({
        action: "customer.export",
        actor_id: "ada",
        actor_role: "admin",
        subject: customerId,
        detail: { sessions: 2, files: 0 },
      }),
    ]);
  });

  it("is erased from D1 and R2, audited, and erasing again finds nothing", async () => {
    const { customerId, archivedId, liveId } = await customerWithHistory();
    const other = await createSession();
    expect(
      (await call(path(customerId), { method: "DELETE", token: supervisorToken })).status,
    ).toBe(403);

    const erased = await call(path(customerId), { method: "DELETE", token: adminToken });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({
      customer_id: customerId,
      erased_sessions: 1,
      erased_archived: 1,
    });
    for (const id of [archivedId, liveId]) {
      expect((await call(`/sessions/${id}`, { token: agentToken })).status).toBe(404);
    }
    expect(await env.ARCHIVE.get(`sessions/${archivedId}.json`)).toBeNull();
    const messages = await env.DB.prepare(
      "select count(*) as n from chat_messages where session_id in (?, ?)",
    )
      .bind(archivedId, liveId)
      .first<{ n: number }>();
    expect(messages?.n).toBe(0);
    // Someone else's session is untouched.
    expect((await call(`/sessions/${other.id}`, { token: agentToken })).status).toBe(200);

    const again = await call(path(customerId), { method: "DELETE", token: adminToken });
    expect(await again.json()).toMatchObject({ erased_sessions: 0, erased_archived: 0 });
    const exported = await (
      await call(`${path(customerId)}/export`, { token: adminToken })
    ).json<Exported>();
    expect(exported.sessions).toEqual([]);
    const { entries } = await (
      await call(`/audit?subject=${encodeURIComponent(customerId)}`, { token: adminToken })
    ).json<{ entries: { action: string; detail: unknown }[] }>();
    expect(entries.map((e) => e.action)).toEqual([
      "customer.export",
      "customer.erase",
      "customer.erase",
    ]);
    expect(entries[2]?.detail).toEqual({ sessions: 1, archived: 1 });
  });

  it("leaves no name, email or attribute of theirs in the audit log, only who changed what when", async () => {
    const started = await createSession({
      body: JSON.stringify({ contact: { name: "Erin Erased", email: "erin@erased.example" } }),
      headers: { "content-type": "application/json" },
    });
    const customerId = started.customer?.id ?? "";
    const contact = `/contacts/${encodeURIComponent(customerId)}`;
    const patched = await call(contact, {
      method: "PATCH",
      token: agentToken,
      body: JSON.stringify({ name: "Erin Renamed", email: "erin@renamed.example" }),
      headers: { "content-type": "application/json" },
    });
    expect(patched.status).toBe(200);
    expect((await call(path(customerId), { method: "DELETE", token: adminToken })).status).toBe(
      200,
    );

    const audit = await call(`/audit?subject=${encodeURIComponent(customerId)}`, {
      token: adminToken,
    });
    const { entries } = await audit.json<{
      entries: { action: string; actor_id: string; detail: unknown }[];
    }>();
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([
      ["customer.erase", "ada"],
      ["contact.update", "agent-alice"],
      ["contact.update", customerId],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Erin|erin@/);
    expect(entries[1]?.detail).toEqual({ fields: ["email", "name"], erased: true });
    expect(entries[2]?.detail).toEqual({ fields: ["email", "name"], erased: true });
  });

  it("ends what the customer's tokens can do: no new session under the erased id", async () => {
    const first = await createSession();
    const customerId = first.customer?.id ?? "";
    const carried = await createSession({ token: first.customer_token.token });
    expect(carried.customer?.id).toBe(customerId);
    const socket = await openLive(carried.id);
    await socket.until((frames) => frames.some((f) => f.type === "ready"));
    expect((await call(path(customerId), { method: "DELETE", token: adminToken })).status).toBe(
      200,
    );
    // Its open socket is told and closed.
    expect((await socket.closed).code).toBe(4404);
    expect(socket.frames.at(-1)).toMatchObject({ type: "error", status: 404 });

    for (const token of [first.customer_token.token, carried.customer_token.token]) {
      const refused = await call("/sessions", { method: "POST", token });
      expect(refused.status).toBe(401);
      expect((await refused.json<{ detail: string }>()).detail).toMatch(/erased/);
    }
    const left = await env.DB.prepare(
      "select count(*) as n from chat_sessions where customer_id = ?",
    )
      .bind(customerId)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    // The same person identified anew (a token issued after the erasure) starts afresh.
    const fresh = await mint(
      { role: "customer", subject: customerId, sessionId: first.id },
      new Date(Date.now() + 2000),
    );
    expect((await call("/sessions", { method: "POST", token: fresh })).status).toBe(201);
  });
});
