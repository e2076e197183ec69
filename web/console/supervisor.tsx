import type { InferResponseType } from "hono/client";
import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import { HANDOFF_REASONS } from "../../src/domain/handoff";
import type { Desk } from "./desk";
import { clock, durationText, sinceText } from "./hooks";

// What supervisors see besides the queue: the team (who is available, how loaded) and a small
// dashboard of the last days' figures, charted with Chartist (loaded only when the dashboard opens).

type Agents = InferResponseType<RestClient["agents"]["$get"], 200>["agents"];
type Summary = InferResponseType<RestClient["analytics"]["summary"]["$get"], 200>;

export function TeamView({ desk }: { desk: Desk }) {
  const [agents, setAgents] = useState<Agents | null>(null);
  const now = clock();
  const waiting = desk.state.rows.waiting;
  useEffect(() => {
    const load = async () => {
      const response = await desk.api.agents.$get();
      if (response.status === 200) setAgents((await response.json()).agents);
    };
    void load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [desk]);
  return (
    <section class="team" aria-label="Team">
      <h2>Team</h2>
      <p>
        {waiting.length} waiting
        {waiting.length
          ? `, the longest for ${sinceText(waiting.map((r) => r.handoff_at ?? r.created_at).sort()[0] ?? "", now)}`
          : ""}
        .
      </p>
      {!agents ? (
        <p>Loading…</p>
      ) : (
        <table>
          <caption class="visually-hidden">Agents, their availability and load</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Chats</th>
              <th scope="col">Teams</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr>
                <th scope="row">{agent.name ?? agent.id}</th>
                <td class={`availability ${agent.status}`}>{agent.status}</td>
                <td>
                  {agent.assigned} of {agent.capacity ?? "default"}
                </td>
                <td>{agent.teams.join(", ") || "none"}</td>
                <td>
                  {agent.status_changed_at ? `${sinceText(agent.status_changed_at, now)} ago` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const DAY = 86_400_000;

export function Dashboard({ desk }: { desk: Desk }) {
  const [days, setDays] = useState(7);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const perAgent = useRef<HTMLDivElement>(null);
  const handoffs = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const from = new Date(to.getTime() - days * DAY);
    desk.api.analytics.summary
      .$get({ query: { from: from.toISOString(), to: to.toISOString() } })
      .then(async (response) => {
        if (response.status === 200) setSummary(await response.json());
        else setError(`The figures could not be read (${response.status}).`);
      });
  }, [desk, days]);

  useEffect(() => {
    if (!summary) return;
    void import("chartist").then(({ BarChart }) => {
      const labels = summary.agents.map((a) => a.agent_name ?? a.agent_id);
      if (perAgent.current) {
        new BarChart(
          perAgent.current,
          {
            labels,
            series: [summary.agents.map((a) => a.started), summary.agents.map((a) => a.resolved)],
          },
          { height: "220px", axisY: { onlyInteger: true } },
        );
      }
      const reasons = Object.entries(summary.bot.handoffs_by_reason);
      if (handoffs.current) {
        new BarChart(
          handoffs.current,
          {
            labels: reasons.map(
              ([reason]) => HANDOFF_REASONS[reason as keyof typeof HANDOFF_REASONS].agents,
            ),
            series: [reasons.map(([, count]) => count ?? 0)],
          },
          {
            height: "220px",
            horizontalBars: true,
            axisX: { onlyInteger: true },
            axisY: { offset: 220 },
          },
        );
      }
    });
  }, [summary]);

  const team = summary?.team;
  const seconds = (value: number | null | undefined) =>
    value == null ? "–" : durationText(value * 1000);
  const percent = (value: number | null | undefined) =>
    value == null ? "–" : `${Math.round(value * 100)} %`;
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
      {error && <p role="alert">{error}</p>}
      {team && summary && (
        <>
          <dl class="figures">
            <Figure label="Started" value={String(team.started)} />
            <Figure label="Resolved" value={String(team.resolved)} />
            <Figure
              label="First response, median"
              value={seconds(team.time_to_first_response.median)}
            />
            <Figure label="Resolution, median" value={seconds(team.time_to_resolution.median)} />
            <Figure
              label="Rating"
              value={team.average_rating == null ? "–" : team.average_rating.toFixed(1)}
            />
            <Figure label="Resolved by the assistant" value={percent(summary.bot.containment)} />
            <Figure
              label="Service levels met"
              value={percent(
                summary.teams.find((t) => t.service_levels.measured)?.service_levels.attainment,
              )}
            />
          </dl>
          <figure>
            <figcaption>
              Sessions per agent: handled (first bar) and resolved (second bar)
            </figcaption>
            <div
              ref={perAgent}
              class="chart"
              role="img"
              aria-label="Sessions per agent, as a bar chart; the table below has the figures"
            />
          </figure>
          <figure>
            <figcaption>Why the assistant handed over</figcaption>
            <div
              ref={handoffs}
              class="chart"
              role="img"
              aria-label="Handoffs by reason, as a bar chart"
            />
          </figure>
          <table>
            <caption>Per agent</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Handled</th>
                <th scope="col">Resolved</th>
                <th scope="col">First response, median</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {summary.agents.map((a) => (
                <tr>
                  <th scope="row">{a.agent_name ?? a.agent_id}</th>
                  <td>{a.started}</td>
                  <td>{a.resolved}</td>
                  <td>{seconds(a.time_to_first_response.median)}</td>
                  <td>{a.average_rating == null ? "–" : a.average_rating.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
