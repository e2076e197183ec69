// The session list and the analytics as CSV: supervisors and admins only, the JSON endpoints'
// filters, quoted as RFC 4180 says and safe from spreadsheet formulas.
import { describe, expect, it } from "vitest";
import { csvCell } from "../../../src/features/exports";
import { ExportService } from "../../../src/features/exports/export-service";
import {
  agentToken,
  call,
  createSession,
  mint,
  supervisorToken,
  testServices,
} from "../../helpers";
import { records } from "./csv";
import { adminToken, makeLabel, putLabel, send } from "./label-helpers";

describe("a CSV cell", () => {
  it("is quoted where RFC 4180 says, and never starts a formula", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then\r\ngo')).toBe('"say ""hi"", then\r\ngo"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
  });
});

describe("GET /exports/sessions", () => {
  it("is for supervisors and admins, an attachment with the list's filters, hostile text made inert", async () => {
    const customer = await createSession();
    for (const token of [agentToken, customer.customer_token.token]) {
      expect((await call("/exports/sessions", { token })).status).toBe(403);
      expect(
        (
          await call("/exports/analytics?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z", {
            token,
          })
        ).status,
      ).toBe(403);
    }
    const hostile = '=HYPERLINK("http://evil.example","click"), "me"\nnow';
    const label = await makeLabel(`@risk ${crypto.randomUUID().slice(0, 6)}`);
    const other = await makeLabel();
    const named = await createSession(
      send("POST", { contact: { name: hostile }, page_url: "https://shop.example/a,b" }, null),
    );
    const plain = await createSession();
    await putLabel(named.id, label.id);
    await putLabel(named.id, other.id);
    await putLabel(plain.id, other.id);

    const response = await call(`/exports/sessions?label=${label.id}&sort=activity`, {
      token: adminToken,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="sessions-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get("Link")).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8's byte-order mark (text() drops it, as a spreadsheet does), then the header.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("id,created_at,")).toBe(true);
    const rows = records(text);
    expect(rows.map((r) => r.id)).toEqual([named.id]);
    expect(rows[0]).toMatchObject({
      status: named.status,
      customer_name: `'${hostile}`,
      page_url: "https://shop.example/a,b",
      labels: [label.name, other.name].sort().join("; ").replace(/^@/, "'@"),
    });
    // The same filters as the list: a team of none, and one of both labels.
    const byOther = records(
      await (await call(`/exports/sessions?label=${other.id}`, { token: supervisorToken })).text(),
    );
    expect(byOther.map((r) => r.id).sort()).toEqual([named.id, plain.id].sort());
    expect((await call("/exports/sessions?status=nope", { token: supervisorToken })).status).toBe(
      400,
    );
  });

  it("pages past its row limit with a Link to the next file, missing and repeating nothing", async () => {
    const label = await makeLabel();
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const session = await createSession();
      await putLabel(session.id, label.id);
      ids.push(session.id);
    }
    const services = testServices();
    const exports = new ExportService({
      queue: services.queue,
      analytics: services.analytics,
      settings: services.config.auth,
      rows: { perFile: 3, perRead: 2 },
    });
    const sup = { kind: "user", subject: "sam", role: "supervisor", name: "Sam" } as const;
    const first = await exports.sessions(sup, { label: label.id }, "waiting", undefined);
    expect(first.nextCursor).not.toBeNull();
    const second = await exports.sessions(
      sup,
      { label: label.id },
      "waiting",
      first.nextCursor ?? "",
    );
    expect(second.nextCursor).toBeNull();
    const seen = [...records(first.csv), ...records(second.csv)].map((r) => r.id);
    expect(records(first.csv)).toHaveLength(3);
    expect(seen.sort()).toEqual(ids.sort());
  });
});

describe("GET /exports/analytics", () => {
  it("answers the summary's figures as rows by scope, a label's name made inert", async () => {
    const sup = await mint({ role: "supervisor", subject: "sue" });
    const label = await makeLabel(`-minus ${crypto.randomUUID().slice(0, 6)}`);
    const session = await createSession();
    await putLabel(session.id, label.id);
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const response = await call(`/exports/analytics?from=${from}&to=${to}`, { token: sup });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="analytics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = records(await response.text());
    const json = await (
      await call(`/analytics/summary?from=${from}&to=${to}`, { token: sup })
    ).json<{ team: { started: number } }>();
    expect(rows[0]).toMatchObject({ scope: "desk", started: String(json.team.started) });
    expect(rows.find((r) => r.scope === "label" && r.id === label.id)).toMatchObject({
      name: `'${label.name}`,
      started: "1",
      resolved: "0",
    });
    expect((await call("/exports/analytics?from=yesterday&to=now", { token: sup })).status).toBe(
      400,
    );
  });
});
