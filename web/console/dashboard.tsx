import type { InferResponseType } from "hono/client";
import { useEffect, useMemo, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { HANDOFF_REASONS, type HandoffReason } from "../../src/core/handoff";
import { drawBars } from "./bar-charts";
import type { Desk, Team } from "./desk";
import { durationText } from "./hooks";
import { LabelFigures } from "./label-figures";
import { settle, UNREACHED_READ } from "./problem";
import { Unread, useRead } from "./unread";

// Supervisors: the last day's, 7 or 30 days' figures, charted (Chartist, loaded with the dashboard).

type Summary = InferResponseType<RestClient["analytics"]["summary"]["$get"], 200>;

const DAY = 86_400_000;

export function Dashboard({ desk, teams }: { desk: Desk; teams: Record<string, Team> }) {
  const [days, setDays] = useState(7);
  const read = useMemo(
    () => () => {
      const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
      const from = new Date(to.getTime() - days * DAY);
      const query = { from: from.toISOString(), to: to.toISOString() };
      return settle<Summary>(desk.api.analytics.summary.$get({ query }), 200, UNREACHED_READ);
    },
    [desk, days],
  );
  const { value: summary, unread, reload } = useRead(read);
  const perAgent = useRef<HTMLDivElement>(null);
  const handoffs = useRef<HTMLDivElement>(null);

  const reasons = Object.entries(summary?.bot.handoffs_by_reason ?? {}) as [
    HandoffReason,
    number,
  ][];
  useEffect(() => {
    if (!summary) return;
    void import("chartist").then((chartist) => {
      if (perAgent.current && summary.agents.length) {
        // Resolved first: Chartist draws the later series of a row above the earlier.
        drawBars(chartist, perAgent.current, {
          labels: summary.agents.map((a) => a.agent_name ?? a.agent_id),
          series: [summary.agents.map((a) => a.resolved), summary.agents.map((a) => a.started)],
        });
      }
      if (handoffs.current && reasons.length) {
        drawBars(chartist, handoffs.current, {
          labels: reasons.map(([reason]) => HANDOFF_REASONS[reason].agents),
          series: [reasons.map(([, count]) => count)],
        });
      }
    });
  }, [summary]);

  const team = summary?.team;
  const seconds = (value: number | null | undefined) =>
    value == null ? null : durationText(value * 1000);
  const percent = (value: number | null | undefined) =>
    value == null ? null : `${Math.round(value * 100)} %`;
  const levels = summary?.teams.reduce(
    (sum, t) => ({
      measured: sum.measured + t.service_levels.measured,
      breached: sum.breached + t.service_levels.breached,
    }),
    { measured: 0, breached: 0 },
  );
  const targeted = Object.values(teams).some((t) => Object.keys(t.service_levels).length > 0);
  return (
    <section class="dashboard" aria-label="Dashboard">
      <h2>
        The last{" "}
        <select
          aria-label="Days"
          onChange={(e: Event) => setDays(Number((e.target as HTMLSelectElement).value))}
        >
          {[1, 7, 30].map((d) => (
            <option value={String(d)} selected={d === days}>
              {d === 1 ? "day" : `${d} days`}
            </option>
          ))}
        </select>
      </h2>
      <Unread problem={unread} reload={reload} />
      {team && summary && levels && (
        <>
          <LabelFigures api={desk.api} summary={summary} />
          <dl class="figures">
            <Figure label="Started" value={String(team.started)} />
            <Figure label="Resolved" value={String(team.resolved)} />
            <Figure
              label="First response, median"
              value={seconds(team.time_to_first_response.median)}
              none="No agent has answered a chat started in these days."
            />
            <Figure
              label="Resolution, median"
              value={seconds(team.time_to_resolution.median)}
              none="No chat was resolved in these days."
            />
            <Figure
              label="Rating"
              value={team.average_rating == null ? null : `${team.average_rating.toFixed(1)} of 5`}
              none="No customer rated a chat in these days."
            />
            <Figure
              label="Resolved by the assistant"
              value={percent(summary.bot.containment)}
              none="The assistant took no chats in these days."
            />
            <Figure
              label="Service levels met"
              value={percent(
                levels.measured ? (levels.measured - levels.breached) / levels.measured : null,
              )}
              none={
                targeted
                  ? "None measured: no chat in a team with targets was answered, or missed one, in these days."
                  : "No team has service-level targets."
              }
            />
          </dl>
          <figure>
            <figcaption>Chats per agent</figcaption>
            <ul class="legend" aria-hidden="true">
              <li>
                <span class="swatch handled" />
                Handled
              </li>
              <li>
                <span class="swatch resolved" />
                Resolved
              </li>
            </ul>
            {summary.agents.length ? (
              <div
                ref={perAgent}
                class="chart per-agent"
                role="img"
                aria-label="Chats each agent handled and resolved, as a bar chart; the table below has the figures"
              />
            ) : (
              <p>No agent handled a chat in these days.</p>
            )}
          </figure>
          <figure>
            <figcaption>Why the assistant handed over</figcaption>
            {reasons.length ? (
              <div
                ref={handoffs}
                class="chart reasons"
                role="img"
                aria-label={`Handoffs by reason: ${reasons.map(([r, n]) => `${HANDOFF_REASONS[r].agents}, ${n}`).join("; ")}`}
              />
            ) : (
              <p>No handoffs in these days.</p>
            )}
          </figure>
          <div class="table-scroll">
            <table>
              <caption>Per agent</caption>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col" class="number">
                    Handled
                  </th>
                  <th scope="col" class="number">
                    Resolved
                  </th>
                  <th scope="col" class="number">
                    First response, median
                  </th>
                  <th scope="col" class="number">
                    Rating
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.agents.map((a) => (
                  <tr>
                    <th scope="row">
                      <bdi>{a.agent_name ?? a.agent_id}</bdi>
                    </th>
                    <td class="number">{a.started}</td>
                    <td class="number">{a.resolved}</td>
                    <td class="number">{seconds(a.time_to_first_response.median) ?? "–"}</td>
                    <td class="number">
                      {a.average_rating == null ? "–" : a.average_rating.toFixed(1)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** One figure; where there is none, a dash and why. */
function Figure({ label, value, none }: { label: string; value: string | null; none?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? "–"}</dd>
      {value === null && none && <dd class="note">{none}</dd>}
    </div>
  );
}
