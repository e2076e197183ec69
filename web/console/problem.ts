/** What a refused request says, in words: its problem's detail (or title, or status). */
export async function problemText(response: {
  status: number;
  json(): Promise<unknown>;
}): Promise<string> {
  const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  return problem.detail ?? problem.title ?? `The service answered ${response.status}.`;
}
