// The support workflow: the transition table, reopening, ratings, internal notes, read state, queue.
import { describe, expect, it } from "vitest";
import {
  act,
  agentToken,
  call,
  createSession,
  type MessageBody,
  mint,
  postJson,
  type SessionBody,
  type StartedSession,
  supervisorToken,
  testApp,
} from "../../helpers";
import { hasReady, openLive } from "../../live-helpers";

type Status = "open" | "assigned" | "resolved";

/** A session in `status`: open as created, assigned to Alice, or resolved. */
async function sessionIn(status: Status): Promise<StartedSession> {
  const session = await createSession();
  if (status !== "open") {
    const assigned = await act(`/sessions/${session.id}/assign`, supervisorToken, {
      agent_id: "agent-alice",
      agent_name: "Alice",
    });
    expect(assigned.status).toBe(200);
  }
  if (status === "resolved") {
    expect((await act(`/sessions/${session.id}/resolve`, agentToken, {})).status).toBe(200);
  }
  return session;
}

/** Every transition from every status; the statuses that must allow it, written out by hand. */
const TABLE: [string, (id: string) => Promise<{ status: number }>, Status[]][] = [
  [
    "assign",
    (id) => act(`/sessions/${id}/assign`, supervisorToken, { agent_id: "agent-bob" }),
    ["open", "assigned"],
  ],
  [
    "transfer",
    (id) => act(`/sessions/${id}/transfer`, supervisorToken, { agent_id: "agent-bob" }),
    ["assigned"],
  ],
  [
    "escalate",
    (id) => act(`/sessions/${id}/escalate`, agentToken, { reason: "billing dispute" }),
    ["open", "assigned"],
  ],
  [
    "resolve",
    (id) => act(`/sessions/${id}/resolve`, agentToken, { outcome: "resolved" }),
    ["open", "assigned"],
  ],
];

describe("the transition table", () => {
  const cells = TABLE.flatMap(([name, run, allowed]) =>
    (["open", "assigned", "resolved"] as const).map(
      (from) => [name, from, allowed.includes(from) ? 200 : 409, run] as const,
    ),
  );
  it.each(cells)("%s from %s answers %i", async (_, from, status, run) => {
    const session = await sessionIn(from);
    const before = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    const result = await run(session.id);
    expect(result.status).toBe(status);
    const after = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    if (status === 409) {
      expect(result).toMatchObject({ body: { type: "/problems/conflict" } });
      expect(after).toEqual(before); // a refused transition changes nothing
    } else {
      // Every transition writes a system message into the transcript.
      expect(after.last_seq).toBe(before.last_seq + 1);
      expect(after.messages.at(-1)).toMatchObject({ author_type: "system" });
    }
  });

  it("writes who joined, who took over, and the outcome, and moves the session through its life", async () => {
    const session = await sessionIn("open");
    const assigned = await act(`/sessions/${session.id}/assign`, supervisorToken, {
      agent_id: "agent-alice",
      agent_name: "Alice",
    });
    expect(assigned.body).toMatchObject({
      status: "assigned",
      assignee: { id: "agent-alice", name: "Alice" },
      assigned_at: expect.any(String),
    });
    const transferred = await act(`/sessions/${session.id}/transfer`, agentToken, {
      agent_id: "agent-bob",
      agent_name: "Bob",
    });
    expect(transferred.body).toMatchObject({ assignee: { id: "agent-bob", name: "Bob" } });
    const resolved = await act(`/sessions/${session.id}/resolve`, supervisorToken, {
      outcome: "duplicate",
    });
    expect(resolved.body).toMatchObject({
      status: "resolved",
      outcome: "duplicate",
      resolved_at: expect.any(String),
    });
    const transcript = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(
      transcript.messages.filter((m) => m.author_type === "system").map((m) => m.content),
    ).toEqual([
      "Alice joined",
      "Alice handed the chat over to Bob",
      "The chat was closed (duplicate).",
    ]);
    const participants = await (
      await call(`/sessions/${session.id}/participants`, { token: agentToken })
    ).json<{ participants: { id: string; role: string; left_at: string | null }[] }>();
    expect(participants.participants.map((p) => [p.id, p.role, p.left_at !== null])).toEqual([
      [expect.stringMatching(/^customer:/), "customer", true],
      ["agent-alice", "service_agent", true],
      ["agent-bob", "service_agent", true],
    ]);
  });

  it("writes them in the customer's language, English for one the widget does not speak", async () => {
    const linesIn = async (locale: string, names: { alice?: string; bob?: string }) => {
      const session = await createSession({
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ locale }),
      });
      const path = (action: string) => `/sessions/${session.id}/${action}`;
      const to = (id: string, name?: string) => ({
        agent_id: id,
        ...(name && { agent_name: name }),
      });
      expect(
        (await act(path("assign"), supervisorToken, to("x@example.com", names.alice))).status,
      ).toBe(200);
      expect(
        (await act(path("transfer"), supervisorToken, to("y@example.com", names.bob))).status,
      ).toBe(200);
      expect((await act(path("resolve"), supervisorToken, { outcome: "duplicate" })).status).toBe(
        200,
      );
      expect((await postJson(path("messages"), { content: "Noch da?" })).status).toBe(201);
      const seen = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
      return seen.messages.filter((m) => m.author_type === "system").map((m) => m.content);
    };
    expect(await linesIn("de-AT", { alice: "Alice", bob: "Bob" })).toEqual([
      "Alice ist dem Chat beigetreten",
      "Alice hat den Chat an Bob übergeben",
      "Der Chat wurde geschlossen (doppelt).",
      "Der Kunde hat erneut geschrieben: Der Chat ist wieder geöffnet.",
    ]);
    // Someone the statement cannot name is named in the customer's words too.
    expect(await linesIn("fr", {})).toEqual([
      "Un conseiller a rejoint la conversation",
      "Un conseiller a transmis la conversation à un collègue",
      "La conversation a été fermée (doublon).",
      "Le client a écrit de nouveau : la conversation est rouverte.",
    ]);
    expect(await linesIn("pt-BR", { alice: "Alice", bob: "Bob" })).toEqual([
      "Alice joined",
      "Alice handed the chat over to Bob",
      "The chat was closed (duplicate).",
      "The customer wrote again: the chat is reopened.",
    ]);
  });

  it("names agents as customers may read them: from the directory, never by their id", async () => {
    // Bob is known by name (he signed in once); Mallory's id is an email nobody named.
    const bob = await mint({ subject: "bob@example.com", name: "Bob" });
    expect(
      (
        await call("/agents/me/status", {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ status: "online" }),
          token: bob,
        })
      ).status,
    ).toBe(200);
    const session = await sessionIn("open");
    const nameless = await mint({ subject: "nameless@example.com" });
    expect((await act(`/sessions/${session.id}/take`, nameless)).status).toBe(200);
    expect(
      (await act(`/sessions/${session.id}/transfer`, nameless, { agent_id: "bob@example.com" }))
        .status,
    ).toBe(200);
    expect(
      (
        await act(`/sessions/${session.id}/transfer`, supervisorToken, {
          agent_id: "mallory@example.com",
        })
      ).status,
    ).toBe(200);
    const seen = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    const notices = seen.messages.filter((m) => m.author_type === "system").map((m) => m.content);
    expect(notices).toEqual([
      "An agent joined",
      "An agent handed the chat over to Bob",
      "Bob handed the chat over to a colleague",
    ]);
    expect(JSON.stringify(notices)).not.toMatch(/@example\.com/);
  });

  it("lets only the assigned agent (or a supervisor) transfer", async () => {
    const session = await sessionIn("assigned"); // assigned to agent-alice
    const other = await mint({ subject: "agent-carol" });
    const refused = await act(`/sessions/${session.id}/transfer`, other, {
      agent_id: "agent-carol",
    });
    expect(refused.status).toBe(403);
  });

  it("escalation raises the priority, flags the session, and keeps the reason internal", async () => {
    const session = await sessionIn("open");
    const first = await act(`/sessions/${session.id}/escalate`, agentToken, {
      reason: "billing dispute",
    });
    expect(first.body).toMatchObject({
      priority: "high",
      escalated: true,
      escalation_reason: "billing dispute",
    });
    const second = await act(`/sessions/${session.id}/escalate`, agentToken, {
      reason: "threatens to leave",
    });
    expect(second.body).toMatchObject({ priority: "urgent" });
    const asCustomer = await (await call(`/sessions/${session.id}`)).json<
      SessionBody & { escalation_reason: string | null }
    >();
    for (const field of ["escalation_reason", "escalated", "priority"]) {
      expect(asCustomer).not.toHaveProperty(field);
    }
    expect(asCustomer.messages.some((m) => m.author_type === "system")).toBe(false);
  });
});

describe("a customer message in a resolved session", () => {
  it("reopens it inside REOPEN_WINDOW_SECONDS", async () => {
    const session = await sessionIn("resolved");
    const posted = await postJson(`/sessions/${session.id}/messages`, {
      content: "It broke again.",
    });
    expect(posted.status).toBe(201);
    const body = await posted.json<SessionBody & { assignee: unknown }>();
    expect(body).toMatchObject({
      status: "open",
      assignee: null,
      resolved_at: null,
      outcome: null,
    });
    expect(body.messages.slice(-2).map((m) => [m.author_type, m.content])).toEqual([
      ["system", "The customer wrote again: the chat is reopened."],
      ["customer", "It broke again."],
    ]);
  });

  it("brings back its customer, who left with the resolution, whether or not they had marked anything read", async () => {
    for (const marked of [true, false]) {
      const session = await createSession();
      const customer = session.customer_token.token;
      if (marked) await act(`/sessions/${session.id}/read`, customer, { last_read_seq: 1 });
      await act(`/sessions/${session.id}/resolve`, supervisorToken, {});
      const customerOf = async () => {
        const { participants } = await (
          await call(`/sessions/${session.id}/participants`, { token: agentToken })
        ).json<{ participants: { role: string; left_at: string | null }[] }>();
        return participants.find((p) => p.role === "customer");
      };
      expect((await customerOf())?.left_at, `marked: ${marked}`).not.toBeNull();
      const posted = await postJson(
        `/sessions/${session.id}/messages`,
        { content: "Still broken." },
        { token: customer },
      );
      expect(posted.status).toBe(201);
      expect((await customerOf())?.left_at, `marked: ${marked}`).toBeNull();
    }
  });

  it("is refused after the window: the customer is told to start a new session", async () => {
    // Resolved 25 hours ago, by an app whose clock is a day behind.
    const dayAgo = () => new Date(Date.now() - 25 * 3600_000);
    const past = testApp({ clock: dayAgo });
    // Issued by that app's clock: a token from its future would be refused.
    const pastAgent = await mint({ subject: "agent-alice", name: "Alice" }, dayAgo());
    const auth = (token: string) => ({
      "Content-Type": "application/json",
      Authorization: `Bearer ${token}`,
    });
    const created = await (
      await past.request("/sessions", { method: "POST" })
    ).json<StartedSession>();
    const resolved = await past.request(`/sessions/${created.id}/resolve`, {
      method: "POST",
      headers: auth(pastAgent),
      body: JSON.stringify({ outcome: "resolved" }),
    });
    expect(resolved.status).toBe(200);
    const customer = await mint({
      role: "customer",
      subject: (created as unknown as { customer: { id: string } }).customer.id,
      sessionId: created.id,
    });
    const response = await postJson(
      `/sessions/${created.id}/messages`,
      { content: "Hello?" },
      { token: customer },
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      detail: expect.stringContaining("start a new session"),
    });
    const after = await (
      await call(`/sessions/${created.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(after.status).toBe("resolved");
  });

  it("from an agent does not reopen it", async () => {
    const session = await sessionIn("resolved");
    const response = await postJson(
      `/sessions/${session.id}/messages`,
      { content: "Follow-up" },
      { token: agentToken },
    );
    expect(response.status).toBe(201);
    expect((await response.json<SessionBody>()).status).toBe("resolved");
  });
});

describe("ratings", () => {
  it("are taken once, from the customer, after resolution", async () => {
    const open = await sessionIn("open");
    const early = await act(`/sessions/${open.id}/rating`, open.customer_token.token, { score: 5 });
    expect(early.status).toBe(409);

    const done = await sessionIn("resolved");
    const token = done.customer_token.token;
    const rated = await act(`/sessions/${done.id}/rating`, token, {
      score: 4,
      comment: "Quick, thanks",
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({
      rating: { score: 4, comment: "Quick, thanks", rated_at: expect.any(String) },
    });
    expect((await act(`/sessions/${done.id}/rating`, token, { score: 1 })).status).toBe(409);
    expect((await act(`/sessions/${done.id}/rating`, agentToken, { score: 5 })).status).toBe(403);
    for (const score of [0, 6, 2.5]) {
      expect((await act(`/sessions/${done.id}/rating`, token, { score })).status).toBe(400);
    }
  });
});

describe("internal notes", () => {
  it("never reach a customer: not in REST reads, pages, POST answers or the live socket", async () => {
    const session = await createSession();
    const customerSocket = await openLive(session.id);
    const agentSocket = await openLive(session.id, "", { token: agentToken });
    await customerSocket.until(hasReady);
    await agentSocket.until(hasReady);

    const note = await postJson(
      `/sessions/${session.id}/messages`,
      { content: "VIP, refund up to 50 EUR", visibility: "internal" },
      { token: agentToken },
    );
    expect(note.status).toBe(201);
    await postJson(
      `/sessions/${session.id}/messages`,
      { content: "Hello from support" },
      { token: agentToken },
    );
    const customerPost = await postJson(`/sessions/${session.id}/messages`, { content: "Thanks" });

    const secret = (messages: MessageBody[]) => messages.some((m) => m.content.includes("refund"));
    expect(secret((await customerPost.json<SessionBody>()).messages)).toBe(false);
    const read = await (await call(`/sessions/${session.id}`)).json<SessionBody>();
    expect(read.messages.map((m) => m.seq)).toEqual([1, 3, 4]);
    for (const query of ["after_seq=0", "before_seq=10", "after_seq=1&limit=1"]) {
      const page = await (await call(`/sessions/${session.id}/messages?${query}`)).json<{
        messages: MessageBody[];
      }>();
      expect(secret(page.messages)).toBe(false);
    }
    await customerSocket.until(() => customerSocket.seqs().includes(4));
    expect(customerSocket.seqs()).toEqual([1, 3, 4]);
    // A customer reconnecting from 0 gets no note either.
    const again = await openLive(session.id, "?after_seq=0");
    await again.until(hasReady);
    expect(again.seqs()).toEqual([1, 3, 4]);

    // Agents see everything, in order.
    await agentSocket.until(() => agentSocket.seqs().includes(4));
    expect(agentSocket.seqs()).toEqual([1, 2, 3, 4]);
    const agentRead = await (
      await call(`/sessions/${session.id}`, { token: agentToken })
    ).json<SessionBody>();
    expect(agentRead.messages[1]).toMatchObject({
      visibility: "internal",
      content: "VIP, refund up to 50 EUR",
    });
  });

  it("cannot be written by a customer", async () => {
    const session = await createSession();
    const response = await postJson(`/sessions/${session.id}/messages`, {
      content: "psst",
      visibility: "internal",
    });
    expect(response.status).toBe(403);
  });
});

describe("read state", () => {
  it("counts unread messages from each participant's last_read_seq", async () => {
    const session = await createSession();
    for (const text of ["one", "two", "three"])
      await postJson(`/sessions/${session.id}/messages`, { content: text });
    const token = await mint({ subject: "agent-reader" });
    const first = await act(`/sessions/${session.id}/read`, token, { last_read_seq: 2 });
    expect(first.body).toEqual({ last_read_seq: 2, unread: 2 });
    // Never backwards, never past the newest message.
    expect((await act(`/sessions/${session.id}/read`, token, { last_read_seq: 1 })).body).toEqual({
      last_read_seq: 2,
      unread: 2,
    });
    expect((await act(`/sessions/${session.id}/read`, token, { last_read_seq: 99 })).body).toEqual({
      last_read_seq: 4,
      unread: 0,
    });
  });

  it("does not count the reader's own messages as unread", async () => {
    const session = await createSession();
    const customer = session.customer_token.token;
    const read = () => act(`/sessions/${session.id}/read`, customer, { last_read_seq: 1 });
    expect((await read()).body).toEqual({ last_read_seq: 1, unread: 0 });
    for (const text of ["one", "two"])
      await postJson(`/sessions/${session.id}/messages`, { content: text }, { token: customer });
    // Posting leaves the customer's marker where it was; their own messages are not news to them.
    expect((await read()).body).toEqual({ last_read_seq: 1, unread: 0 });
    await postJson(`/sessions/${session.id}/messages`, { content: "Hi!" }, { token: agentToken });
    expect((await read()).body).toEqual({ last_read_seq: 1, unread: 1 });
  });

  it("lists the session's customer from its start, once, with or without a read marker of their own", async () => {
    const session = await createSession();
    const customer = session.customer_token.token;
    const participants = async () =>
      (
        await (
          await call(`/sessions/${session.id}/participants`, { token: agentToken })
        ).json<{
          participants: Record<string, unknown>[];
        }>()
      ).participants;
    const started = await (await call(`/sessions/${session.id}`, { token: agentToken })).json<{
      created_at: string;
      customer: { id: string };
    }>();
    await postJson(`/sessions/${session.id}/messages`, { content: "hello" }, { token: customer });
    const asCustomer = {
      id: started.customer.id,
      role: "customer",
      joined_at: started.created_at,
      left_at: null,
    };
    expect(await participants()).toEqual([
      expect.objectContaining({ ...asCustomer, last_read_seq: 0 }),
    ]);

    await act(`/sessions/${session.id}/read`, customer, { last_read_seq: 2 });
    expect(await participants()).toEqual([
      expect.objectContaining({ ...asCustomer, last_read_seq: 2 }),
    ]);
  });

  it("keeps a customer who reads a resolved session as having left when it was resolved", async () => {
    const session = await createSession();
    const customer = session.customer_token.token;
    const resolved = await act(`/sessions/${session.id}/resolve`, supervisorToken, {});
    const { resolved_at, last_seq } = resolved.body as { resolved_at: string; last_seq: number };
    // The widget marks "The chat was resolved." read.
    await act(`/sessions/${session.id}/read`, customer, { last_read_seq: last_seq });
    const { participants } = await (
      await call(`/sessions/${session.id}/participants`, { token: agentToken })
    ).json<{ participants: Record<string, unknown>[] }>();
    expect(participants).toEqual([
      expect.objectContaining({ role: "customer", left_at: resolved_at, last_read_seq: last_seq }),
    ]);

    // An agent who first reads it after it was resolved is listed as having come and gone.
    const reader = await mint({ subject: `agent-late-${crypto.randomUUID()}`, name: "Late" });
    await act(`/sessions/${session.id}/read`, reader, { last_read_seq: last_seq });
    const after = await (
      await call(`/sessions/${session.id}/participants`, { token: agentToken })
    ).json<{ participants: { role: string; joined_at: string; left_at: string | null }[] }>();
    const late = after.participants.find((p) => p.role === "service_agent");
    expect(late?.left_at).toEqual(late?.joined_at);
    expect(late?.left_at).not.toBeNull();
  });
});
