import type { InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import { ExportButton } from "./export-button";
import { durationText } from "./hooks";
import { LabelChips } from "./label-chips";

type Summary = InferResponseType<RestClient["analytics"]["summary"]["$get"], 200>;

/** The dashboard's figures by label, and its export (the same days) as CSV. */
export function LabelFigures({ api, summary }: { api: RestClient; summary: Summary }) {
  const { from, to } = summary;
  return (
    <section class="label-figures" aria-label="By label">
      <div class="label-figures-top">
        <h3>By label</h3>
        <ExportButton
          label="Export CSV"
          read={() => api.exports.analytics.$get({ query: { from, to } })}
        />
      </div>
      {summary.labels.length === 0 ? (
        <p class="muted">No labelled conversation in these days.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Started</th>
              <th scope="col">Resolved</th>
              <th scope="col">Resolution, median</th>
              <th scope="col">Rating</th>
            </tr>
          </thead>
          <tbody>
            {summary.labels.map((l) => (
              <tr>
                <th scope="row">
                  <LabelChips labels={[{ id: l.label_id, name: l.name, colour: l.colour }]} />
                </th>
                <td>{l.started}</td>
                <td>{l.resolved}</td>
                <td>
                  {l.time_to_resolution.median == null
                    ? "–"
                    : durationText(l.time_to_resolution.median * 1000)}
                </td>
                <td>{l.average_rating == null ? "–" : `${l.average_rating.toFixed(1)} of 5`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
