// Shared by the black-box checks (files-check, webhooks-check): what the Worker's own log says went
// wrong, and failures printed one line per kind.
import { requestLines } from "./cost.mjs";

/** Every request line of the Worker's log under 500, and no unhandled error logged. */
export function checkLog(log, client) {
  for (const line of requestLines(log)) {
    client.expectThat(line.status < 500, `the Worker logged ${JSON.stringify(line)}`);
  }
  for (const line of log.split("\n").filter((l) => /"level":"error"/.test(l))) {
    client.failures.push(`the Worker logged an error: ${line.slice(0, 500)}`);
  }
}

/** Failures alike (but for their numbers) as one line each: the first of them, and how many. */
export function grouped(failures) {
  const groups = new Map();
  for (const failure of failures) {
    const key = failure.replace(/[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}|[\d.]+/g, "#").slice(0, 80);
    const group = groups.get(key) ?? { first: failure, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ first, count }) => (count > 1 ? `${first} (and ${count - 1} more like it)` : first))
    .join("\n");
}
