// Analytics by label, against a fixture worked out by hand, in its own hour (2031-03-01 10:00-11:00).
import { describe, expect, it } from "vitest";
import { call, mint, supervisorToken, testApp } from "../../helpers";
import { makeLabel } from "./label-helpers";

const at = (time: string) => new Date(`2031-03-01T${time}.000Z`);

describe("analytics by label", () => {
  it("counts volume, resolution time and rating per label, a session for each of its labels", async () => {
    const clock = { now: at("10:00:00") };
    const { request } = testApp({ clock: () => clock.now });
    const send = async (
      time: string,
      method: string,
      path: string,
      token: string | null,
      body?: unknown,
    ) => {
      clock.now = at(time);
      const response = await request(path, {
        method,
        headers: {
          "Content-Type": "application/json",
          ...(token && { Authorization: `Bearer ${token}` }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      if (response.status >= 300)
        throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json<{ id: string; customer_token: { token: string } }>();
    };
    const sup = await mint(
      { role: "supervisor", subject: "sue", ttlSeconds: 86_400 },
      at("09:00:00"),
    );
    const billing = await makeLabel();
    const bug = await makeLabel();
    const label = (time: string, session: string, id: string) =>
      send(time, "PUT", `/sessions/${session}/labels/${id}`, sup);

    // S1 billing: resolved after 600 s, rated 5. S2 billing and bug: resolved after 1800 s, rated 3.
    // S3 bug: abandoned. S4: no label. S5 billing: started after the range.
    const s1 = await send("10:00:00", "POST", "/sessions", null);
    await label("10:00:01", s1.id, billing.id);
    await send("10:10:00", "POST", `/sessions/${s1.id}/resolve`, sup, { outcome: "resolved" });
    await send("10:11:00", "POST", `/sessions/${s1.id}/rating`, s1.customer_token.token, {
      score: 5,
    });
    const s2 = await send("10:05:00", "POST", "/sessions", null);
    await label("10:05:01", s2.id, billing.id);
    await label("10:05:02", s2.id, bug.id);
    await send("10:35:00", "POST", `/sessions/${s2.id}/resolve`, sup, { outcome: "resolved" });
    await send("10:36:00", "POST", `/sessions/${s2.id}/rating`, s2.customer_token.token, {
      score: 3,
    });
    const s3 = await send("10:10:00", "POST", "/sessions", null);
    await label("10:10:01", s3.id, bug.id);
    await send("10:20:00", "POST", `/sessions/${s3.id}/resolve`, sup, { outcome: "abandoned" });
    await send("10:15:00", "POST", "/sessions", null);
    const s5 = await send("11:00:00", "POST", "/sessions", null);
    await label("11:00:01", s5.id, billing.id);

    const response = await call(
      "/analytics/summary?from=2031-03-01T10:00:00Z&to=2031-03-01T11:00:00Z",
      { token: supervisorToken },
    );
    expect(response.status).toBe(200);
    const { labels, team } = await response.json<{
      labels: unknown[];
      team: { started: number };
    }>();
    expect(team.started).toBe(4);
    expect(labels).toEqual([
      {
        label_id: billing.id,
        name: billing.name,
        colour: billing.colour,
        started: 2,
        resolved: 2,
        abandoned: 0,
        time_to_resolution: { median: 600, p90: 1800, count: 2 },
        average_rating: 4,
        ratings: 2,
      },
      {
        label_id: bug.id,
        name: bug.name,
        colour: bug.colour,
        started: 2,
        resolved: 1,
        abandoned: 1,
        time_to_resolution: { median: 1800, p90: 1800, count: 1 },
        average_rating: 3,
        ratings: 1,
      },
    ]);
  });
});
