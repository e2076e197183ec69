import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import type { Desk, Row, Team } from "./desk";
import { clock, sinceText } from "./hooks";
import { loadText, teamName } from "./names";

// Supervisors: who is available and how loaded, read again (with the teams) every 10 s.

type Agents = InferResponseType<RestClient["agents"]["$get"], 200>["agents"];

export function TeamView({
  desk,
  teams,
  waiting,
}: {
  desk: Desk;
  teams: Record<string, Team>;
  waiting: Row[];
}) {
  const [agents, setAgents] = useState<Agents | null>(null);
  const now = clock();
  useEffect(() => {
    const load = async () => {
      void desk.loadTeams();
      const response = await desk.api.agents.$get().catch(() => null);
      if (response?.status === 200) setAgents((await response.json()).agents);
    };
    void load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [desk]);
  const longest = waiting.map((r) => r.handoff_at ?? r.created_at).sort()[0];
  return (
    <section class="team" aria-label="Team">
      <h2>Team</h2>
      <p>
        {waiting.length} waiting
        {longest ? `, the longest for ${sinceText(longest, now)}` : ""}.
      </p>
      {!agents ? (
        <p>Loading…</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Agents, their availability and load</caption>
            <colgroup>
              <col class="col-agent" />
              <col class="col-status" />
              <col class="col-chats" />
              <col />
              <col class="col-since" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Chats
                </th>
                <th scope="col">Teams</th>
                <th scope="col">Status since</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr>
                  <th scope="row">
                    <bdi>{agent.name ?? agent.id}</bdi>
                  </th>
                  <td class={`availability ${agent.status}`}>{agent.status}</td>
                  <td class="number" title={loadText(agent.assigned, agent.effective_capacity)}>
                    {agent.assigned} of {agent.effective_capacity}
                  </td>
                  <td>
                    {agent.teams.length === 0
                      ? "none"
                      : agent.teams.map((id, index) => (
                          <>
                            {index > 0 && ", "}
                            <bdi>{teamName(teams, id)}</bdi>
                          </>
                        ))}
                  </td>
                  <td class="since">
                    {agent.status_changed_at
                      ? `${sinceText(agent.status_changed_at, now)} ago`
                      : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
