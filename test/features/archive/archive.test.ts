// Bounded storage: resolved sessions past ARCHIVE_AFTER_DAYS move to R2 (transcript first, then
// removed from D1), read back through the API from there; a run that fails at any step loses nothing
// and leaves nothing twice.
import { describe, expect, it } from "vitest";
import { ArchiveRepository } from "../../../src/features/archive/archive-repository";
import type { ArchiveStore, Transcript } from "../../../src/features/archive/archive-service";
import { r2Archive } from "../../../src/features/archive/archive-store";
import {
  act,
  agentToken,
  call,
  createSession,
  env,
  postJson,
  supervisorToken,
} from "../../helpers";
import { archiver } from "./archive-helpers";

/** An archive run that stops between marking a session and removing it. */
class Crashing extends ArchiveRepository {
  override async remove(): Promise<boolean> {
    throw new Error("the Worker was evicted");
  }
}

/** A resolved session with a customer message, an agent reply, an internal note and a rating. */
async function resolvedSession() {
  const session = await createSession();
  await postJson(`/sessions/${session.id}/messages`, { content: "my parcel is late" });
  await postJson(
    `/sessions/${session.id}/messages`,
    { content: "on its way" },
    { token: agentToken },
  );
  await postJson(
    `/sessions/${session.id}/messages`,
    { content: "note: courier delay", visibility: "internal" },
    { token: agentToken },
  );
  expect((await act(`/sessions/${session.id}/resolve`, supervisorToken)).status).toBe(200);
  expect((await postJson(`/sessions/${session.id}/rating`, { score: 4 })).status).toBe(200);
  return session;
}

const inD1 = async (id: string) =>
  (
    await env.DB.prepare("select count(*) as n from chat_sessions where id = ?")
      .bind(id)
      .first<{ n: number }>()
  )?.n ?? 0;
const messagesInD1 = async (id: string) =>
  (
    await env.DB.prepare("select count(*) as n from chat_messages where session_id = ?")
      .bind(id)
      .first<{ n: number }>()
  )?.n ?? 0;
const stored = async (id: string) => {
  const object = await env.ARCHIVE.get(`sessions/${id}.json`);
  return object ? ((await object.json()) as Transcript) : null;
};

describe("the archive", () => {
  it("moves a resolved session past its age to R2, and the API reads it back from there", async () => {
    const old = await resolvedSession();
    const open = await createSession();
    const before = await (await call(`/sessions/${old.id}`, { token: agentToken })).json();
    const participantsBefore = await call(`/sessions/${old.id}/participants`);
    expect(participantsBefore.status).toBe(200);

    // Not yet due: nothing moves.
    expect((await archiver({ clock: () => new Date() }).run()).archived).toBe(0);
    const run = await archiver().run();
    expect(run.archived).toBeGreaterThanOrEqual(1);

    expect(await inD1(old.id)).toBe(0);
    expect(await messagesInD1(old.id)).toBe(0);
    expect(await inD1(open.id)).toBe(1);
    const transcript = await stored(old.id);
    expect(transcript?.messages.map((m) => m.content)).toEqual([
      "Hello, how may I help you?",
      "my parcel is late",
      "on its way",
      "note: courier delay",
      expect.stringContaining("resolved"),
    ]);
    expect(transcript?.session.rating?.score).toBe(4);
    expect(transcript?.participants.length).toBeGreaterThan(0);

    // Same shape as before, marked archived; the customer still never sees the note.
    const agentView = await (await call(`/sessions/${old.id}`, { token: agentToken })).json();
    expect(agentView).toEqual({ ...(before as object), archived: true });
    const customerView = await (await call(`/sessions/${old.id}`)).json<{
      archived: boolean;
      messages: { content: string }[];
    }>();
    expect(customerView.archived).toBe(true);
    expect(customerView.messages.map((m) => m.content)).not.toContain("note: courier delay");
    const page = await (
      await call(`/sessions/${old.id}/messages?after_seq=1&limit=2`, { token: agentToken })
    ).json<{ messages: { seq: number }[]; has_more: boolean }>();
    expect(page.messages.map((m) => m.seq)).toEqual([2, 3]);
    expect(page.has_more).toBe(true);
    // Everything that reads a session reads an archived one: who took part, and a live ticket.
    const participantsAfter = await call(`/sessions/${old.id}/participants`);
    expect(participantsAfter.status).toBe(200);
    expect(await participantsAfter.json()).toEqual(await participantsBefore.json());
    expect((await call(`/sessions/${old.id}/live-ticket`, { method: "POST" })).status).toBe(201);
  });

  it("removes nothing from D1 when R2 refuses the transcript; the next run archives it once", async () => {
    const session = await resolvedSession();
    const failing: ArchiveStore = {
      put: async () => {
        throw new Error("R2 is down");
      },
      get: (key) => r2Archive(env.ARCHIVE).get(key),
      delete: (keys) => r2Archive(env.ARCHIVE).delete(keys),
    };
    await expect(archiver({ store: failing }).run()).rejects.toThrow("R2 is down");
    expect(await inD1(session.id)).toBe(1);
    expect(await stored(session.id)).toBeNull();
    expect(await new ArchiveRepository(env.DB).find(session.id)).toBeNull();

    await archiver().run();
    expect(await inD1(session.id)).toBe(0);
    const listed = await env.ARCHIVE.list({ prefix: `sessions/${session.id}` });
    expect(listed.objects).toHaveLength(1);
  });

  it("finishes a run that stopped between marking and removing, from R2's copy", async () => {
    const session = await resolvedSession();
    await expect(archiver({ archive: new Crashing(env.DB) }).run()).rejects.toThrow("evicted");
    // Marked, still whole in D1, and read from D1 meanwhile.
    expect(await new ArchiveRepository(env.DB).find(session.id)).not.toBeNull();
    expect(await messagesInD1(session.id)).toBe(5);
    const meanwhile = await (await call(`/sessions/${session.id}`, { token: agentToken })).json();
    expect(meanwhile).not.toHaveProperty("archived");

    const run = await archiver().run();
    expect(run.finished).toBeGreaterThanOrEqual(1);
    expect(await inD1(session.id)).toBe(0);
    expect((await stored(session.id))?.messages).toHaveLength(5);
    const read = await (await call(`/sessions/${session.id}`, { token: agentToken })).json<{
      archived: boolean;
      messages: unknown[];
    }>();
    expect(read.archived).toBe(true);
    expect(read.messages).toHaveLength(5);
  });

  it("keeps a session written to after it was marked, and archives it afresh with the new message", async () => {
    const session = await resolvedSession();
    await expect(archiver({ archive: new Crashing(env.DB) }).run()).rejects.toThrow("evicted");
    // An agent writes in the resolved session after the transcript was stored.
    const late = await postJson(
      `/sessions/${session.id}/messages`,
      { content: "one more thing" },
      { token: agentToken },
    );
    expect(late.status).toBe(201);

    // The mark no longer holds (nothing removed), and the same run archives it as it is now.
    const run = await archiver().run();
    expect(run.changed).toBe(1);
    expect(run.archived).toBe(1);
    expect(await inD1(session.id)).toBe(0);
    expect((await stored(session.id))?.messages.map((m) => m.content)).toContain("one more thing");
  });

  it("reads an older transcript (fields added since filled in), and refuses a broken one clearly", async () => {
    const session = await resolvedSession();
    expect((await archiver().run()).archived).toBeGreaterThanOrEqual(1);
    const key = `sessions/${session.id}.json`;
    const current = (await stored(session.id)) as Transcript;
    // As the first archives were written: before teams, service levels and handoffs existed.
    const { teamId, teamChosen, dueAt, dueKind, slaBreachedAt, handoffAt, handoffReason, ...old } =
      current.session;
    await env.ARCHIVE.put(key, JSON.stringify({ ...current, session: old }));
    const read = await call(`/sessions/${session.id}`, { token: agentToken });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ team_id: null, due_at: null, archived: true });

    await env.ARCHIVE.put(key, JSON.stringify({ ...current, messages: [{ seq: 1 }] }));
    const broken = await call(`/sessions/${session.id}`, { token: agentToken });
    expect(broken.status).toBe(503);
    const problem = await broken.json<{ type: string; detail: string }>();
    expect(problem.type).toBe("/problems/archive-unreadable");
    expect(problem.detail).toMatch(/messages\.0\./);
  });
});
