import type { InferResponseType } from "hono/client";
import type { RestClient } from "../../src/client/rest";
import { problemText, UNREACHED_CHANGE } from "./problem";

// A customer as the desk knows them (GET /contacts/{id}), without any view: reading it, with the
// labels of the attributes it may carry, and changing a field of it (PATCH).

export type ContactDetail = InferResponseType<RestClient["contacts"][":customer_id"]["$get"], 200>;
export type Contact = ContactDetail["contact"];
export type ContactSession = ContactDetail["sessions"][number];
export type EditableField = "name" | "email";

export type ContactRead =
  | { kind: "loading" }
  /** The service has no contact for this customer (404), or lets this agent see none (403). */
  | { kind: "none" }
  | { kind: "failed"; reason: string }
  | { kind: "shown"; detail: ContactDetail; labels: Record<string, string> };

/** A read that takes longer is given up, and offered again. */
export const READ_TIMEOUT_MS = 8_000;

export async function readContact(api: RestClient, customerId: string): Promise<ContactRead> {
  const init = { signal: AbortSignal.timeout(READ_TIMEOUT_MS) };
  try {
    const [response, labels] = await Promise.all([
      api.contacts[":customer_id"].$get({ param: { customer_id: customerId } }, { init }),
      readLabels(api, init),
    ]);
    if (response.status === 200) return { kind: "shown", detail: await response.json(), labels };
    if (response.status === 404 || response.status === 403) return { kind: "none" };
    return { kind: "failed", reason: await problemText(response) };
  } catch (error) {
    const slow = error instanceof DOMException && error.name === "TimeoutError";
    return {
      kind: "failed",
      reason: slow ? "The service took too long to answer." : "The service cannot be reached.",
    };
  }
}

/** The declared attributes' labels by key (none if they cannot be read: keys stand in for them). */
async function readLabels(api: RestClient, init: RequestInit): Promise<Record<string, string>> {
  const response = await api["contact-attributes"].$get({}, { init }).catch(() => null);
  if (response?.status !== 200) return {};
  const { attributes } = await response.json();
  return Object.fromEntries(attributes.map((a) => [a.key, a.label]));
}

/**
 * Changes one field (an empty value clears it). Answers the contact as the service now keeps it, or
 * what the service said was wrong, in words.
 */
export async function saveField(
  api: RestClient,
  customerId: string,
  field: EditableField,
  value: string,
): Promise<{ contact: Contact } | { problem: string }> {
  const response = await api.contacts[":customer_id"]
    .$patch({ param: { customer_id: customerId }, json: { [field]: value.trim() || null } })
    .catch(() => null);
  if (!response) return { problem: UNREACHED_CHANGE };
  if (response.status === 200) return { contact: await response.json() };
  const problem = (await response.json().catch(() => ({}))) as {
    errors?: { path: string; message: string }[];
  };
  // What is wrong with the value typed, in a sentence (not "The request body is not valid. email: ...").
  const wrong = problem.errors?.find((error) => error.path === `body.${field}`);
  if (wrong) {
    return {
      problem:
        field === "email"
          ? "That is not an email address."
          : `That ${field} cannot be kept: it ${wrong.message}.`,
    };
  }
  return { problem: await problemText({ status: response.status, json: async () => problem }) };
}
