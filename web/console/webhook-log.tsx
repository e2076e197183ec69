import { useEffect, useRef, useState } from "hono/jsx/dom";
import { timeText } from "./names";
import type { Delivery, DeliveryStatus, WebhookCalls } from "./webhooks";

// An endpoint's delivery log, newest first: read again every 2 s while a delivery is pending (every
// 10 s otherwise) as far down as it was paged; "Older deliveries" pages on with `before`.

const PAGE = 20;
/** The most the service answers in one read. */
const MOST = 500;
const DAY = 86_400_000;

interface Props {
  calls: WebhookCalls;
  endpointId: string;
  /** Changes when a delivery was started elsewhere (a test event): the log is read at once. */
  sent: number;
  tell: (words: string) => void;
  /** A delivery has just come to an end: the endpoint's health may have changed with it. */
  onSettled: () => void;
}

/** A datetime-local input's value for `ms` in the agent's time zone ("2026-12-04T02:58"). */
const localInput = (ms: number) =>
  new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function WebhookLog({ calls, endpointId, sent, tell, onSettled }: Props) {
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [since, setSince] = useState(() => localInput(Date.now() - DAY));
  /** Which read is the latest: an older one's answer (another filter) is dropped. */
  const reads = useRef(0);

  const read = async (shown: number) => {
    const mine = ++reads.current;
    const wanted = Math.min(MOST - 1, Math.max(PAGE, shown));
    // One more than shown: whether there are older ones.
    const page = await calls.deliveries(endpointId, {
      ...(status && { status }),
      limit: wanted + 1,
    });
    if (mine !== reads.current) return;
    if ("value" in page) {
      const pending = new Set(deliveries?.filter((d) => d.status === "pending").map((d) => d.id));
      if (page.value.some((d) => pending.has(d.id) && d.status !== "pending")) onSettled();
      setDeliveries(page.value.slice(0, wanted));
      setMore(page.value.length > wanted);
      setProblem(null);
    } else setProblem(page.problem);
  };
  useEffect(() => {
    setDeliveries(null);
    void read(PAGE);
  }, [status]);
  useEffect(() => {
    if (sent) void read(deliveries?.length ?? PAGE);
  }, [sent]);
  useEffect(() => {
    if (!deliveries) return;
    const pending = deliveries.some((d) => d.status === "pending");
    const timer = setTimeout(() => void read(deliveries.length), pending ? 2_000 : 10_000);
    return () => clearTimeout(timer);
  }, [deliveries]);

  const older = async () => {
    const last = deliveries?.at(-1);
    if (!last || !deliveries) return;
    const mine = ++reads.current;
    const page = await calls.deliveries(endpointId, {
      ...(status && { status }),
      before: last.id,
      limit: PAGE + 1,
    });
    if (mine !== reads.current) return;
    if ("value" in page) {
      const known = new Set(deliveries.map((d) => d.id));
      const older = page.value.slice(0, PAGE).filter((d) => !known.has(d.id));
      setDeliveries([...deliveries, ...older]);
      setMore(page.value.length > PAGE);
    } else setProblem(page.problem);
  };
  const retry = async (delivery: Delivery) => {
    const replayed = await calls.replay(endpointId, delivery.id);
    if ("problem" in replayed) return setProblem(replayed.problem);
    setDeliveries((deliveries ?? []).map((d) => (d.id === delivery.id ? replayed.value : d)));
    tell(`Trying ${delivery.event_type} of ${timeText(delivery.created_at)} again.`);
  };
  const retryFailed = async (event: Event) => {
    event.preventDefault();
    const from = new Date(since);
    if (Number.isNaN(from.getTime())) return setProblem("Choose a date and time to retry from.");
    const replayed = await calls.replayFailedSince(endpointId, from.toISOString());
    if ("problem" in replayed) return setProblem(replayed.problem);
    const { replayed: count } = replayed.value;
    tell(
      count === 0
        ? "No delivery failed since then: nothing to retry."
        : `Trying ${count} failed ${count === 1 ? "delivery" : "deliveries"} again.`,
    );
    void read(deliveries?.length ?? PAGE);
  };

  return (
    <section class="log" aria-labelledby="log-heading">
      <div class="log-top">
        <h4 id="log-heading">Deliveries</h4>
        <label>
          Show{" "}
          <select
            value={status}
            onChange={(e: Event) =>
              setStatus((e.target as HTMLSelectElement).value as DeliveryStatus | "")
            }
          >
            <option value="">all</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="failed">failed</option>
          </select>
        </label>
      </div>
      <form class="retry-failed" onSubmit={retryFailed}>
        <label for="retry-since">Retry everything failed since</label>
        <input
          id="retry-since"
          type="datetime-local"
          value={since}
          onInput={(e: Event) => setSince((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="secondary">
          Retry failed
        </button>
      </form>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      {!deliveries ? (
        <p>Loading…</p>
      ) : deliveries.length === 0 ? (
        <p class="empty">
          {status
            ? `No ${status} deliveries.`
            : "No deliveries yet: send a test event to see one here."}
        </p>
      ) : (
        <table class="deliveries">
          <caption class="visually-hidden">Deliveries to this endpoint, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col" class="number">
                Attempts
              </th>
              <th scope="col">Last response</th>
              <th scope="col" class="number">
                Latency
              </th>
              <th scope="col">Time</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <DeliveryRow delivery={delivery} onRetry={() => void retry(delivery)} />
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" class="secondary" onClick={() => void older()}>
          Older deliveries
        </button>
      )}
    </section>
  );
}

function DeliveryRow({ delivery, onRetry }: { delivery: Delivery; onRetry: () => void }) {
  const when = timeText(delivery.created_at);
  const response =
    delivery.last_status !== null ? `HTTP ${delivery.last_status}` : delivery.last_error;
  return (
    <tr class={`delivery ${delivery.status}`}>
      <th scope="row" data-label="Event">
        <code>{delivery.event_type}</code>
      </th>
      <td data-label="Status">
        <span class={`delivery-status ${delivery.status}`}>{delivery.status}</span>
        {delivery.status === "pending" && delivery.attempts > 0 && (
          <span class="next"> next try {timeText(delivery.next_attempt_at)}</span>
        )}
      </td>
      <td class="number" data-label="Attempts">
        {delivery.attempts}
      </td>
      <td data-label="Last response" class="response">
        {response ?? "–"}
      </td>
      <td class="number" data-label="Latency">
        {delivery.latency_ms === null ? "–" : `${delivery.latency_ms} ms`}
      </td>
      <td data-label="Time" class="time">
        {when}
      </td>
      <td class="action">
        {delivery.status !== "pending" && (
          <button
            type="button"
            class="secondary"
            aria-label={`Retry ${delivery.event_type} of ${when}`}
            onClick={onRetry}
          >
            Retry
          </button>
        )}
      </td>
    </tr>
  );
}
