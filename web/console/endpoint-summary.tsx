import { timeText } from "./names";
import { type Endpoint, EVENT_NAMES } from "./webhooks";

// How a webhook endpoint is summed up, in its row and its details.

/** Enabled, failing since when, or disabled and why (the service's reason). */
export function EndpointHealth({ endpoint }: { endpoint: Endpoint }) {
  if (!endpoint.enabled) {
    return (
      <span class="health disabled">
        Disabled{endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ""}
      </span>
    );
  }
  if (endpoint.failing_since) {
    return <span class="health failing">Failing since {timeText(endpoint.failing_since)}</span>;
  }
  return <span class="health enabled">Enabled</span>;
}

export const eventsText = (events: string[]) =>
  events.length === 0
    ? "All events"
    : events.map((type) => EVENT_NAMES[type as keyof typeof EVENT_NAMES] ?? type).join(", ");
