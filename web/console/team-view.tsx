import type { InferResponseType } from "hono/client";
import { useMemo } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import type { Desk, Row, Team } from "./desk";
import { clock, sinceText } from "./hooks";
import { loadText, teamName } from "./names";
import { settle, UNREACHED_READ } from "./problem";
import { Unread, useRead } from "./unread";

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
  const read = useMemo(
    () => () => {
      void desk.loadTeams();
      return settle<{ agents: Agents }>(desk.api.agents.$get(), 200, UNREACHED_READ);
    },
    [desk],
  );
  const { value, unread, reload } = useRead(read, 10_000);
  const agents = value?.agents;
  const now = clock();
  const longest = waiting.map((r) => r.handoff_at ?? r.created_at).sort()[0];
  const since = (at: string | null) => (at ? `${sinceText(at, now)} ago` : "–");
  return (
    <section class="team" aria-label="Team">
      <h2>Team</h2>
      <p>
        {waiting.length} waiting
        {longest ? `, the longest for ${sinceText(longest, now)}` : ""}.
      </p>
      <Unread problem={unread} reload={reload} />
      {!agents ? (
        !unread && <p>Loading…</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Agents, their availability and load</caption>
            <colgroup>
              <col class="col-agent" />
              <col class="col-status" />
              <col class="col-chats" />
              <col class="off-phone" />
              <col class="col-since off-phone" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Chats
                </th>
                <th scope="col" class="off-phone">
                  Teams
                </th>
                <th scope="col" class="off-phone">
                  Status since
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr>
                  <th scope="row">
                    <bdi>{agent.name ?? agent.id}</bdi>
                    <span class="on-phone">
                      <TeamNames ids={agent.teams} teams={teams} />
                    </span>
                  </th>
                  <td class={`availability ${agent.status}`}>
                    {agent.status}
                    <span class="on-phone">{since(agent.status_changed_at)}</span>
                  </td>
                  <td class="number" title={loadText(agent.assigned, agent.effective_capacity)}>
                    {agent.assigned} of {agent.effective_capacity}
                  </td>
                  <td class="off-phone">
                    <TeamNames ids={agent.teams} teams={teams} />
                  </td>
                  <td class="since off-phone">{since(agent.status_changed_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * An agent's teams. On a phone they go under the agent's name, and when the status changed under the
 * status: five columns at 390 px broke names and teams mid-word.
 */
function TeamNames({ ids, teams }: { ids: string[]; teams: Record<string, Team> }) {
  if (ids.length === 0) return <>none</>;
  return (
    <>
      {ids.map((id, index) => (
        <>
          {index > 0 && ", "}
          <bdi>{teamName(teams, id)}</bdi>
        </>
      ))}
    </>
  );
}
