// The widget's forms: GET /availability says who is there and which form to show; POST /sessions
// keeps what a form collected as the customer's contact.
import { describe, expect, it } from "vitest";
import { agentToken, call, mint, postJson, testApp } from "../../helpers";
import { agentAt, createTeam, fresh, json, startIn } from "../routing/routing-helpers";
import { signIdentity } from "./identity-helpers";

const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });

interface Availability {
  team_id: string | null;
  online: boolean;
  within_hours: boolean;
  assistant: boolean;
  prechat_form: boolean;
}

const availability = async (query = "", app = testApp()) => {
  const response = await app.request(`/availability${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Availability>();
};

const contactOf = async (id: string) =>
  call(`/contacts/${encodeURIComponent(id)}`, { token: agentToken });

describe("GET /availability", () => {
  it("says whether a member of the team, or any agent, is online with a console", async () => {
    const team = fresh("forms");
    const member = fresh("agent");
    await createTeam({ id: team, members: [member] });
    expect(await availability()).toEqual({
      team_id: null,
      online: false,
      within_hours: true,
      assistant: false,
      prechat_form: false,
    });
    expect(await availability(`?team_id=${team}`)).toMatchObject({ team_id: team, online: false });

    // An agent of another team online does not make this one online.
    const other = fresh("forms");
    const outsider = fresh("agent");
    await createTeam({ id: other, members: [outsider] });
    const away = await agentAt(other, outsider);
    expect((await availability(`?team_id=${team}`)).online).toBe(false);
    expect((await availability()).online).toBe(true);

    const present = await agentAt(team, member);
    expect((await availability(`?team_id=${team}`)).online).toBe(true);
    // Chose away with the console open: not online.
    await call("/agents/me/status", json("PUT", { status: "away" }, present.token));
    expect((await availability(`?team_id=${team}`)).online).toBe(false);
    present.console.ws.close(1000);
    away.console.ws.close(1000);
  });

  it("says whether it is within the team's hours, else SUPPORT_HOURS", async () => {
    const team = fresh("hours");
    await createTeam({ id: team, hours: "Mon-Fri 09:00-17:00", time_zone: "UTC" });
    const at = (iso: string, vars: Record<string, string> = {}) =>
      testApp({ clock: () => new Date(iso), vars });
    // 2026-12-05 is a Saturday; 2026-12-07 a Monday.
    expect((await availability(`?team_id=${team}`, at("2026-12-05T12:00:00Z"))).within_hours).toBe(
      false,
    );
    expect((await availability(`?team_id=${team}`, at("2026-12-07T12:00:00Z"))).within_hours).toBe(
      true,
    );
    const support = { SUPPORT_HOURS: "Mon-Fri 10:00-11:00" };
    expect((await availability("", at("2026-12-07T12:00:00Z", support))).within_hours).toBe(false);
    expect((await availability("", at("2026-12-07T10:30:00Z", support))).within_hours).toBe(true);
    // The team's own hours win over SUPPORT_HOURS.
    const teamHours = await availability(`?team_id=${team}`, at("2026-12-07T12:00:00Z", support));
    expect(teamHours.within_hours).toBe(true);
  });

  it("names the default team, the pre-chat form's teams and the assistant", async () => {
    const team = fresh("prechat");
    const plain = fresh("plain");
    await createTeam({ id: team });
    await createTeam({ id: plain });
    const app = testApp({
      vars: { PRECHAT_FORM_TEAMS: `other, ${team}`, DEFAULT_TEAM: team, AI_RESPONDER: "true" },
    });
    expect(await availability("", app)).toMatchObject({
      team_id: team,
      prechat_form: true,
      assistant: true,
    });
    expect(await availability(`?team_id=${plain}`, app)).toMatchObject({
      team_id: plain,
      prechat_form: false,
    });
    const everyone = testApp({ vars: { PRECHAT_FORM_TEAMS: "*" } });
    expect((await availability(`?team_id=${plain}`, everyone)).prechat_form).toBe(true);
    expect((await availability("", everyone)).prechat_form).toBe(true);
  });

  it("refuses an unknown or malformed team with 400", async () => {
    for (const query of ["?team_id=no-such-team", "?team_id=Not%20A%20Team"]) {
      const response = await testApp().request(`/availability${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("Content-Type")).toContain("application/problem+json");
      expect(JSON.stringify(await response.json())).toContain("team_id");
    }
  });
});

describe("POST /sessions with what a form collected", () => {
  it("names the customer and keeps their contact (not verified) with the email, audited", async () => {
    const session = await startIn({
      contact: { name: "Grace Hopper", email: "Grace@Example.COM" },
    });
    const id = session.customer?.id as string;
    expect(session.customer?.name).toBe("Grace Hopper");
    const response = await contactOf(id);
    expect(response.status).toBe(200);
    const { contact } = await response.json<{ contact: Record<string, unknown> }>();
    expect(contact).toMatchObject({
      name: "Grace Hopper",
      email: "grace@example.com",
      verified: false,
    });
    const audit = await (await call(`/audit?subject=${id}`, { token: adminToken })).json<{
      entries: { action: string; actor_id: string; detail: Record<string, unknown> }[];
    }>();
    expect(audit.entries.filter((e) => e.action === "contact.update")).toEqual([
      expect.objectContaining({
        actor_id: id,
        detail: { source: "form", set: { name: "Grace Hopper", email: "grace@example.com" } },
      }),
    ]);
  });

  it("keeps an email alone (the offline form without a name)", async () => {
    const session = await startIn({ contact: { email: "solo@example.com" } });
    const { contact } = await (await contactOf(session.customer?.id as string)).json<{
      contact: Record<string, unknown>;
    }>();
    expect(contact).toMatchObject({ name: null, email: "solo@example.com" });
  });

  it("refuses a bad email or a blank name with 400, and stores nothing", async () => {
    const before = await (await call("/contacts?q=not-an-email", { token: agentToken })).json<{
      contacts: unknown[];
    }>();
    for (const contact of [
      { name: "Eve", email: "not-an-email" },
      { name: "   ", email: "eve@example.com" },
      { name: "x".repeat(101) },
      { email: `${"a".repeat(250)}@example.com` },
    ]) {
      const response = await postJson("/sessions", { contact }, { token: null });
      expect(response.status, JSON.stringify(contact)).toBe(400);
      expect(JSON.stringify(await response.json())).toContain("contact");
    }
    const after = await (await call("/contacts?q=not-an-email", { token: agentToken })).json<{
      contacts: unknown[];
    }>();
    expect(after.contacts).toEqual(before.contacts);
    const sessions = await (
      await call("/contacts?q=eve%40example.com", { token: agentToken })
    ).json<{
      contacts: unknown[];
    }>();
    expect(sessions.contacts).toEqual([]);
  });

  it("refuses contact with identity_token: the signed identity already says who they are", async () => {
    const sub = fresh("user");
    const response = await postJson(
      "/sessions",
      {
        identity_token: await signIdentity({ sub, name: "Signed" }),
        contact: { name: "Someone else", email: "else@example.com" },
      },
      { token: null },
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("identity_token");
    expect((await contactOf(sub)).status).toBe(404);
  });
});
