/**
 * What a refused request says, in words: its problem's detail (or title, or status), and what it says
 * about each invalid field ("email: Invalid email address") that the detail does not say already.
 */
export async function problemText(response: {
  status: number;
  json(): Promise<unknown>;
}): Promise<string> {
  const problem = (await response.json().catch(() => ({}))) as {
    detail?: string;
    title?: string;
    errors?: { path: string; message: string }[];
  };
  const said = problem.detail ?? problem.title ?? `The service answered ${response.status}.`;
  // A field's message the detail already says is not said twice.
  const fields = (problem.errors ?? [])
    .filter((e) => !said.includes(e.message))
    .map((e) => `${e.path.replace(/^body\./, "")}: ${e.message}`);
  return fields.length > 0 ? `${said} ${fields.join("; ")}.` : said;
}

/** What the console says when a change never reached the service (offline, a dropped line). */
export const UNREACHED_CHANGE = "The service cannot be reached; nothing was changed.";
/** What it says when a read never reached it. */
export const UNREACHED_READ = "The service cannot be reached; try again.";

/** A request's answer, or null when it never reached the service. */
const reached = <T>(request: Promise<T>): Promise<T | null> => request.catch(() => null);

export type Outcome<T> = { value: T } | { problem: string };

/**
 * Waits for a request; answers its body when the service answered `expected`, else why not in words
 * (`unreached` when it never reached the service: a read says UNREACHED_READ).
 */
export async function settle<T>(
  sent: Promise<{ status: number; json(): Promise<unknown> }>,
  expected: number,
  unreached = UNREACHED_CHANGE,
): Promise<Outcome<T>> {
  const response = await reached(sent);
  if (!response) return { problem: unreached };
  if (response.status !== expected) return { problem: await problemText(response) };
  return { value: (expected === 204 ? null : await response.json()) as T };
}
