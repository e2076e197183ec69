import type { InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";

/** What the widget tells the service about where a chat starts: routing hints, nothing more. */
export interface RoutingHints {
  team_id?: string;
  page_url?: string;
  /** The customer's language (BCP 47): the greeting and the answers follow it. */
  locale?: string;
  /** The site's signed identity of its user: the session is theirs, on any device. */
  identity_token?: string;
  /** What the widget's form collected: never dropped (a refusal is the customer's to fix). */
  contact?: { name?: string; email?: string };
}

export type StartedSession = InferResponseType<RestClient["sessions"]["$post"], 201>;

export type StartResult =
  | { kind: "started"; session: StartedSession }
  | { kind: "offline" }
  /** Busy or failing for now (429, 5xx): worth another try after `afterSeconds`. */
  | { kind: "later"; afterSeconds: number }
  /** Refused as asked: trying again cannot succeed. */
  | { kind: "refused" }
  /** The form's fields the service refused ("name", "email"), with its reason. */
  | { kind: "invalid"; fields: Record<string, string> };

/** Without a Retry-After, the wait before trying again. */
const DEFAULT_RETRY_SECONDS = 10;

/**
 * Starts a session. A routing hint the service refuses (a page address it finds invalid, a team
 * that is gone) never keeps a customer from chatting: the session starts without that hint.
 */
export async function startSession(api: RestClient, hints: RoutingHints): Promise<StartResult> {
  let json = hints;
  for (;;) {
    const response = await api.sessions.$post({ json }).catch(() => null);
    if (!response) return { kind: "offline" };
    if (response.status === 201) return { kind: "started", session: await response.json() };
    if (response.status === 400) {
      const problem = await response.json().catch(() => null);
      const contact = contactProblems(problem);
      if (Object.keys(contact).length) return { kind: "invalid", fields: contact };
      const refused = refusedFields(problem);
      const kept = Object.fromEntries(Object.entries(json).filter(([name]) => !refused.has(name)));
      if (Object.keys(kept).length < Object.keys(json).length) {
        json = kept;
        continue;
      }
    }
    // An identity the service refuses (expired, forged): the customer chats anonymously instead.
    if (response.status === 403 && json.identity_token) {
      const { identity_token: _, ...anonymous } = json;
      json = anonymous;
      continue;
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      return { kind: "later", afterSeconds: retryAfter > 0 ? retryAfter : DEFAULT_RETRY_SECONDS };
    }
    return { kind: "refused" };
  }
}

/** What a validation problem says of the form's fields ("body.contact.email" is email). */
function contactProblems(problem: { errors?: { path: string; message: string }[] } | null) {
  const fields: Record<string, string> = {};
  for (const { path, message } of problem?.errors ?? []) {
    const field = /^body\.contact(?:\.(\w+))?/.exec(path);
    if (field) fields[field[1] ?? "form"] = message;
  }
  return fields;
}

/** The body fields a validation problem names ("body.page_url" is page_url). */
function refusedFields(problem: { errors?: { path: string }[] } | null): Set<string> {
  const paths = problem?.errors?.map((error) => error.path) ?? [];
  return new Set(paths.map((path) => path.replace(/^body\./, "").split(".")[0] ?? ""));
}
