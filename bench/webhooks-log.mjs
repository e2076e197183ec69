// The webhooks check's reading of an endpoint's delivery log: waiting until nothing is pending,
// and every delivery, paged.
import { sleep } from "./dev.mjs";

const DRAIN_DEADLINE_MS = 180_000;
const PAGE = 500;

/**
 * Waits until the log shows nothing pending twice in a row, a second apart (a write's events are
 * recorded after its answer); answers how long that took.
 */
export async function drain(client, admin, endpointId) {
  const started = Date.now();
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < DRAIN_DEADLINE_MS) {
    await sleep(1_000);
    const pending = await client.call(
      "GET",
      `/webhooks/endpoints/${endpointId}/deliveries?status=pending&limit=1`,
      { token: admin, kind: "log" },
    );
    quiet = pending.body.deliveries?.length === 0 ? quiet + 1 : 0;
  }
  client.expectThat(
    quiet === 2,
    `deliveries still pending ${DRAIN_DEADLINE_MS / 1000} s after the traffic`,
  );
  return Date.now() - started - 1_000;
}

/** Every delivery of the endpoint: pages of PAGE, each after the last one of the page before. */
export async function wholeLog(call, admin, endpointId) {
  const all = new Map();
  let before = "";
  for (let page = 0; page < 100; page++) {
    const query = `limit=${PAGE}${before && `&before=${encodeURIComponent(before)}`}`;
    const { body } = await call("GET", `/webhooks/endpoints/${endpointId}/deliveries?${query}`, {
      token: admin,
      kind: "log",
    });
    for (const delivery of body.deliveries) all.set(delivery.id, delivery);
    if (body.deliveries.length < PAGE) break;
    before = body.deliveries.at(-1).id;
  }
  return [...all.values()];
}

/** The deliveries' ids a client paging as the API says (before = the last one's id) sees. */
export async function naiveLog(call, admin, endpointId) {
  const seen = new Set();
  let before = "";
  for (let page = 0; page < 1_000; page++) {
    const query = `limit=100${before && `&before=${encodeURIComponent(before)}`}`;
    const { body } = await call("GET", `/webhooks/endpoints/${endpointId}/deliveries?${query}`, {
      token: admin,
      kind: "log",
    });
    for (const delivery of body.deliveries) seen.add(delivery.id);
    if (body.deliveries.length < 100) break;
    before = body.deliveries.at(-1).id;
  }
  return seen;
}
