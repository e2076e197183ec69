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
