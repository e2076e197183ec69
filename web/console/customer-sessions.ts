import type { RestClient } from "../../src/client/rest";
import type { Row } from "./desk";
import { problemText } from "./problem";

// A customer's conversations as the agent's own session list gives them (GET /sessions?customer=):
// only those the agent may see (their teams'), newest first, each with its outcome and rating.

/** How many of them the panel lists. */
const SHOWN = 20;

export type CustomerSessions =
  | { kind: "loading" }
  | { kind: "failed"; reason: string }
  | { kind: "shown"; sessions: Row[]; more: boolean };

export async function readCustomerSessions(
  api: RestClient,
  customerId: string,
  signal: AbortSignal,
): Promise<CustomerSessions> {
  try {
    const response = await api.sessions.$get(
      { query: { customer: customerId, sort: "activity", limit: String(SHOWN) } },
      { init: { signal } },
    );
    if (response.status !== 200) return { kind: "failed", reason: await problemText(response) };
    const { sessions, has_more } = await response.json();
    return { kind: "shown", sessions, more: has_more };
  } catch (error) {
    const slow = error instanceof DOMException && error.name === "TimeoutError";
    return {
      kind: "failed",
      reason: slow ? "The service took too long to answer." : "The service cannot be reached.",
    };
  }
}

/** What became of a conversation, in the session list's words: its outcome once resolved. */
export function outcomeOf(session: Pick<Row, "status" | "outcome">): string {
  return session.status === "resolved" ? (session.outcome ?? "resolved") : session.status;
}
